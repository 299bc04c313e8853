/**
 * XOR over the plane: a point's class is whether x and y have different signs (the four XOR
 * corners, filled in). Points closer than a small margin to either axis are pushed out of it, so
 * the classes are separable and a network can reach 100%.
 */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';

const ROWS = 400;
const MARGIN = 0.05;

export function xorDataset(): Dataset {
  const random = new Random(29);
  const x = new Float64Array(ROWS * 2);
  const labels = new Uint8Array(ROWS);
  const away = (v: number): number => (v >= 0 ? MARGIN + v * (1 - MARGIN) : -MARGIN + v * (1 - MARGIN));
  for (let row = 0; row < ROWS; row++) {
    const a = away(random.next() * 2 - 1);
    const b = away(random.next() * 2 - 1);
    x[row * 2] = a;
    x[row * 2 + 1] = b;
    labels[row] = a > 0 !== b > 0 ? 1 : 0;
  }
  return {
    name: 'xor',
    description: `XOR over the plane, ${ROWS} points: the class is whether x and y differ in sign`,
    inputSize: 2,
    classes: 2,
    train: { x, labels, rows: ROWS },
    extent: 1.1,
    defaults: { hidden: [8, 8], activation: 'tanh', optimizer: 'adam', lr: 0.03, batchSize: 32, epochs: 40 },
  };
}
