/** Two circles: a disc of one class inside a ring of the other; no straight line separates them. */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';

const PER_CLASS = 250;

export function circlesDataset(): Dataset {
  const random = new Random(23);
  const rows = 2 * PER_CLASS;
  const x = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const outer = row >= PER_CLASS;
    // Inner disc radius 0..0.45, outer ring 0.65..1, a little noise on both.
    const radius = outer ? 0.65 + random.next() * 0.35 : random.next() * 0.45;
    const angle = random.next() * 2 * Math.PI;
    x[row * 2] = radius * Math.cos(angle) + random.normal() * 0.03;
    x[row * 2 + 1] = radius * Math.sin(angle) + random.normal() * 0.03;
    labels[row] = outer ? 1 : 0;
  }
  return {
    name: 'circles',
    description: `two circles: a disc inside a ring, ${PER_CLASS} points each`,
    inputSize: 2,
    classes: 2,
    train: { x, labels, rows },
    extent: 1.2,
    defaults: { hidden: [8, 8], activation: 'tanh', optimizer: 'adam', lr: 0.03, batchSize: 32, epochs: 40 },
  };
}
