/**
 * XOR: the four points (`@backprop/data`'s xorCorners), the smallest problem a straight line
 * cannot separate. There is nothing to hold out, so the test split is the same four points; its
 * accuracy shows the network fits.
 */
import { xorCorners } from '@backprop/data';
import type { Dataset } from './dataset.js';

export function xorDataset(): Dataset {
  const { x, labels, rows } = xorCorners();
  const split = { x, y: Float64Array.from(labels), rows };
  return {
    name: 'xor',
    description: 'the four XOR points, 2-8-1 tanh/sigmoid',
    task: 'classification',
    inputSize: 2,
    outputSize: 1,
    train: split,
    test: split,
    splitNote: 'the 4 XOR points; the test split is the same 4 points (nothing to hold out)',
    defaults: { hidden: [8], activation: 'tanh', outputActivation: 'sigmoid', loss: 'mse', optimizer: 'sgd', lr: 0.5, epochs: 500, batchSize: 4 },
  };
}
