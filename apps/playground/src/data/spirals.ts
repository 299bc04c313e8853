/**
 * Three interleaved spirals, 200 points each: `@backprop/data`'s spiral points, the same as the
 * CLI's `--dataset spirals`, so `backprop predict --model` can check a model saved here on the
 * CLI's spirals with no other file.
 */
import { spiralPoints } from '@backprop/data';
import type { Dataset } from './dataset.js';

export function spiralsDataset(): Dataset {
  const { x, labels, rows, classes } = spiralPoints();
  return {
    name: 'spirals',
    description: `${classes} interleaved spirals, ${rows / classes} points each (the CLI's spirals)`,
    inputSize: 2,
    classes,
    train: { x, labels, rows },
    extent: 1.1,
    defaults: { hidden: [32, 32], activation: 'relu', optimizer: 'adam', lr: 0.02, batchSize: 32, epochs: 60 },
  };
}
