/**
 * Three interleaved spirals, 200 points each: the same points as the CLI's `--dataset spirals`
 * (same generator and seed), so `backprop predict --model` can check a model saved here on the
 * CLI's spirals with no other file.
 */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';

const CLASSES = 3;
const PER_CLASS = 200;

export function spiralsDataset(): Dataset {
  const random = new Random(17);
  const rows = CLASSES * PER_CLASS;
  const x = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let k = 0; k < CLASSES; k++) {
    for (let i = 0; i < PER_CLASS; i++) {
      const row = k * PER_CLASS + i;
      const radius = i / PER_CLASS;
      const angle = k * 4 + radius * 4 + random.normal() * 0.2;
      x[row * 2] = radius * Math.sin(angle);
      x[row * 2 + 1] = radius * Math.cos(angle);
      labels[row] = k;
    }
  }
  return {
    name: 'spirals',
    description: `${CLASSES} interleaved spirals, ${PER_CLASS} points each (the CLI's spirals)`,
    inputSize: 2,
    classes: CLASSES,
    train: { x, labels, rows },
    extent: 1.1,
    defaults: { hidden: [32, 32], activation: 'relu', optimizer: 'adam', lr: 0.02, batchSize: 32, epochs: 60 },
  };
}
