/**
 * Three interleaved spirals in the plane, one class each (the classic CS231n toy problem): no
 * linear model separates them, a small ReLU network does.
 */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';
import { oneHotClass, splitSamples } from './split.js';

const CLASSES = 3;
const PER_CLASS = 200;

export function spiralsDataset(): Dataset {
  const random = new Random(17);
  const rows = CLASSES * PER_CLASS;
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows * CLASSES);
  for (let k = 0; k < CLASSES; k++) {
    for (let i = 0; i < PER_CLASS; i++) {
      const row = k * PER_CLASS + i;
      const radius = i / PER_CLASS;
      const angle = k * 4 + radius * 4 + random.normal() * 0.2;
      x[row * 2] = radius * Math.sin(angle);
      x[row * 2 + 1] = radius * Math.cos(angle);
      y[row * CLASSES + k] = 1;
    }
  }
  const { train, test } = splitSamples(x, y, 2, CLASSES, 0.2, oneHotClass(y, CLASSES));
  return {
    name: 'spirals',
    description: `${CLASSES} interleaved spirals, ${PER_CLASS} points each`,
    task: 'classification',
    inputSize: 2,
    outputSize: CLASSES,
    train,
    test,
    splitNote: `${rows} points, seeded stratified 80/20 split`,
    defaults: { hidden: [64, 64], activation: 'relu', outputActivation: 'softmax', loss: 'softmaxCrossEntropy', optimizer: 'adam', lr: 0.01, epochs: 150, batchSize: 32 },
  };
}
