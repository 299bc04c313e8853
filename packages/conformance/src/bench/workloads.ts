/**
 * The four benchmark workloads every backend is measured on, with these exact shapes so that
 * figures compare across backends, issues and machines. Data is synthetic and seeded (speed does
 * not depend on the values); the demo's `bench` and each backend's bench script use these.
 */
import { Random, type DataMatrix, type NetworkSpec, type OptimizerSpec } from '@backprop/core';

export type WorkloadName = 'seed' | 'xor' | 'mnist-like' | 'wide';

export interface Workload {
  readonly name: string;
  readonly network: NetworkSpec;
  readonly optimizer: OptimizerSpec;
  readonly batchSize: number;
  /** Samples per epoch. */
  readonly samples: number;
  /** One line for tables. */
  readonly description: string;
}

export const WORKLOADS: Record<WorkloadName, Workload> = {
  seed: {
    name: 'seed',
    description: "1-2-2 ReLU/ReLU, MSE, SGD lr 0.01, batch 1 (the article's network)",
    network: { inputSize: 1, layers: [{ units: 2, activation: 'relu' }, { units: 2, activation: 'relu' }], loss: 'mse', seed: 42 },
    optimizer: { kind: 'sgd', lr: 0.01 },
    batchSize: 1,
    samples: 1000,
  },
  xor: {
    name: 'xor',
    description: '2-8-1 tanh/sigmoid, MSE, SGD lr 0.5, batch 4',
    network: { inputSize: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse', seed: 42 },
    optimizer: { kind: 'sgd', lr: 0.5 },
    batchSize: 4,
    samples: 4,
  },
  'mnist-like': {
    name: 'mnist-like',
    description: '784-128-64-10 ReLU, softmax cross-entropy, SGD lr 0.05, batch 64',
    network: {
      inputSize: 784,
      layers: [{ units: 128, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 10, activation: 'softmax' }],
      loss: 'softmaxCrossEntropy',
      seed: 42,
    },
    optimizer: { kind: 'sgd', lr: 0.05 },
    batchSize: 64,
    samples: 8192,
  },
  wide: {
    name: 'wide',
    description: '1024-1024-1024-10 ReLU, softmax cross-entropy, SGD lr 0.01, batch 256',
    network: {
      inputSize: 1024,
      layers: [{ units: 1024, activation: 'relu' }, { units: 1024, activation: 'relu' }, { units: 10, activation: 'softmax' }],
      loss: 'softmaxCrossEntropy',
      seed: 42,
    },
    optimizer: { kind: 'sgd', lr: 0.01 },
    batchSize: 256,
    samples: 2048,
  },
};

/** Seeded data of the workload's shape: inputs in [0, 1), targets one-hot (classification) or a smooth function (regression). */
export function workloadData(w: Workload, samples = w.samples, seed = 7): { x: DataMatrix; y: DataMatrix } {
  const random = new Random(seed);
  const inputs = w.network.inputSize;
  const outputs = w.network.layers[w.network.layers.length - 1]!.units;
  const x = new Float64Array(samples * inputs);
  const y = new Float64Array(samples * outputs);
  if (w.name === 'xor') {
    const table = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]];
    for (let i = 0; i < samples; i++) {
      const [a, b, t] = table[i % 4]!;
      x[i * 2] = a!;
      x[i * 2 + 1] = b!;
      y[i] = t!;
    }
  } else if (w.network.loss === 'softmaxCrossEntropy') {
    for (let i = 0; i < x.length; i++) x[i] = random.next();
    for (let i = 0; i < samples; i++) y[i * outputs + random.int(outputs)] = 1;
  } else {
    // seed: y = (x, 2x) for x in [0, 1): a small regression the 1-2-2 ReLU network can fit.
    for (let i = 0; i < samples; i++) {
      const v = random.next();
      x[i * inputs] = v;
      for (let j = 0; j < outputs; j++) y[i * outputs + j] = (j + 1) * v;
    }
  }
  return { x: { data: x, rows: samples, cols: inputs }, y: { data: y, rows: samples, cols: outputs } };
}

/** Multiply-add FLOPs of one training sample (forward 2·in·out per layer; backward 2× that, minus the unused input error of the first layer). */
export function flopsPerSample(network: NetworkSpec): number {
  let inputs = network.inputSize;
  let flops = 0;
  network.layers.forEach((l, i) => {
    const mac = 2 * inputs * l.units;
    flops += mac * (i === 0 ? 2 : 3);
    inputs = l.units;
  });
  return flops;
}
