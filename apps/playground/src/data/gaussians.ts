/** A gaussian mix: four round clusters, one class each, that overlap a little at their edges. */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';

const CENTRES = [
  [-0.5, -0.5],
  [0.5, -0.5],
  [-0.5, 0.5],
  [0.5, 0.5],
] as const;
const PER_CLASS = 150;
const SPREAD = 0.2;

export function gaussiansDataset(): Dataset {
  const random = new Random(31);
  const rows = CENTRES.length * PER_CLASS;
  const x = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  CENTRES.forEach(([cx, cy], k) => {
    for (let i = 0; i < PER_CLASS; i++) {
      const row = k * PER_CLASS + i;
      x[row * 2] = cx + random.normal() * SPREAD;
      x[row * 2 + 1] = cy + random.normal() * SPREAD;
      labels[row] = k;
    }
  });
  return {
    name: 'gaussians',
    description: `a gaussian mix: ${CENTRES.length} clusters (σ ${SPREAD}), ${PER_CLASS} points each`,
    inputSize: 2,
    classes: CENTRES.length,
    train: { x, labels, rows },
    extent: 1.2,
    defaults: { hidden: [8], activation: 'relu', optimizer: 'adam', lr: 0.02, batchSize: 32, epochs: 30 },
  };
}
