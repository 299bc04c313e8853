/** Regression of y = sin(x) on x in [-π, π]: a smooth curve that needs a few hidden units. */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';
import { splitSamples } from './split.js';

const SAMPLES = 500;

export function sineDataset(): Dataset {
  const random = new Random(13);
  const x = new Float64Array(SAMPLES);
  const y = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    x[i] = (random.next() * 2 - 1) * Math.PI;
    y[i] = Math.sin(x[i]!);
  }
  const { train, test } = splitSamples(x, y, 1, 1, 0.2, () => 0);
  return {
    name: 'sine',
    description: 'y = sin(x) on [-π, π]',
    task: 'regression',
    inputSize: 1,
    outputSize: 1,
    train,
    test,
    splitNote: `${SAMPLES} samples, seeded 80/20 split`,
    defaults: { hidden: [32, 32], activation: 'tanh', outputActivation: 'linear', loss: 'mse', optimizer: 'adam', lr: 0.01, epochs: 200, batchSize: 32 },
  };
}
