/**
 * XOR over the plane (`@backprop/data`'s xorPlane): a point's class is whether x and y have
 * different signs (the four XOR corners, filled in). Points closer than a small margin to either
 * axis are pushed out of it, so the classes are separable and a network can reach 100%.
 */
import { xorPlane } from '@backprop/data';
import type { Dataset } from './dataset.js';

export function xorDataset(): Dataset {
  const { x, labels, rows } = xorPlane();
  return {
    name: 'xor',
    description: `XOR over the plane, ${rows} points: the class is whether x and y differ in sign`,
    inputSize: 2,
    classes: 2,
    train: { x, labels, rows },
    extent: 1.1,
    defaults: { hidden: [8, 8], activation: 'tanh', optimizer: 'adam', lr: 0.03, batchSize: 32, epochs: 40 },
  };
}
