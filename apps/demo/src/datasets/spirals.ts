/**
 * Three interleaved spirals in the plane, one class each (the classic CS231n toy problem): no
 * linear model separates them, a small ReLU network does. The points are `@backprop/data`'s
 * spiralPoints, the playground's spirals too.
 */
import { oneHotLabels, spiralPoints } from '@backprop/data';
import type { Dataset } from './dataset.js';
import { oneHotClass, splitSamples } from './split.js';

export function spiralsDataset(): Dataset {
  const points = spiralPoints();
  const { x, rows, classes } = points;
  const y = oneHotLabels(points);
  const { train, test } = splitSamples(x, y, 2, classes, 0.2, oneHotClass(y, classes));
  return {
    name: 'spirals',
    description: `${classes} interleaved spirals, ${rows / classes} points each`,
    task: 'classification',
    inputSize: 2,
    outputSize: classes,
    train,
    test,
    splitNote: `${rows} points, seeded stratified 80/20 split`,
    defaults: { hidden: [64, 64], activation: 'relu', outputActivation: 'softmax', loss: 'softmaxCrossEntropy', optimizer: 'adam', lr: 0.01, epochs: 150, batchSize: 32 },
  };
}
