/**
 * The article's own example: a 1-2-2 network, ReLU hidden and ReLU output, mean squared error,
 * plain SGD, on a small regression: y = (x, 2x) for x in [0, 1) (the same function as the
 * conformance `seed` workload).
 */
import { Random } from '@backprop/core';
import type { Dataset } from './dataset.js';
import { splitSamples } from './split.js';

const SAMPLES = 200;

export function seedDataset(): Dataset {
  const random = new Random(11);
  const x = new Float64Array(SAMPLES);
  const y = new Float64Array(SAMPLES * 2);
  for (let i = 0; i < SAMPLES; i++) {
    x[i] = random.next();
    y[2 * i] = x[i]!;
    y[2 * i + 1] = 2 * x[i]!;
  }
  const { train, test } = splitSamples(x, y, 1, 2, 0.2, () => 0);
  return {
    name: 'seed',
    description: "the article's 1-2-2 ReLU network on y = (x, 2x), x in [0, 1)",
    task: 'regression',
    inputSize: 1,
    outputSize: 2,
    train,
    test,
    splitNote: `${SAMPLES} samples, seeded 80/20 split`,
    defaults: { hidden: [2], activation: 'relu', outputActivation: 'relu', loss: 'mse', optimizer: 'sgd', lr: 0.05, epochs: 100, batchSize: 1 },
  };
}
