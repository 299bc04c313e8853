/**
 * The training loop of `backprop train`: core's fit, with the test split measured after every
 * epoch (for the progress bar and the chart; it is never trained on and chooses nothing).
 *
 * A dataset with augmentation (mnist) trains one fit() call per epoch on freshly shifted inputs,
 * because fit takes fixed data. One optimizer state (createOptimizer) runs through all of them,
 * so Adam's moments carry over, and its learning rate steps down for the last epochs.
 */
import { createOptimizer, fit, Random, type Network, type OptimizerSpec } from '@backprop/core';
import type { Dataset, Split } from './datasets/index.js';
import { measure } from './metrics.js';
import type { TrainingFeatures } from './training-flags.js';

export interface TrainingSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerSpec;
  readonly seed: number;
  /** Clipping, a schedule, early stopping, a validation split (training-flags.ts); passed to fit as they are. */
  readonly features?: TrainingFeatures;
}

export interface EpochPoint {
  readonly epoch: number;
  /** Mean training loss over the epoch, as fit reports it (on the augmented inputs where used). */
  readonly loss: number;
  readonly testLoss: number;
  readonly testAccuracy?: number;
  /** Seconds of training in this epoch, without the test measurement. */
  readonly seconds: number;
}

export interface TrainingResult {
  readonly history: EpochPoint[];
  /** Early stopping ended the run before --epochs. */
  readonly stoppedEarly: boolean;
  /** The epoch whose weights --restore-best-weights put back. */
  readonly restoredEpoch?: number;
  readonly trainingSeconds: number;
  readonly samplesPerSecond: number;
  /** 'host' when core trained through its fused host path. */
  readonly path: 'host' | 'ops';
}

/**
 * The learning rate of one epoch of an augmented run: the last three epochs step down to ×0.3,
 * ×0.09 and ×0.027 (measured on mnist: test accuracy then settles instead of wobbling ±0.5%).
 */
export function learningRateForEpoch(base: number, epoch: number, epochs: number): number {
  const fromEnd = epochs - epoch;
  if (epochs < 6 || fromEnd >= 3) return base;
  return base * 0.3 ** (3 - fromEnd);
}

export async function trainNetwork(
  network: Network,
  dataset: Dataset,
  train: Split,
  settings: TrainingSettings,
  onEpoch: (point: EpochPoint) => void,
): Promise<TrainingResult> {
  const history: EpochPoint[] = [];
  const y = { data: train.y, rows: train.rows, cols: dataset.outputSize };
  let path: 'host' | 'ops' = 'ops';
  let stoppedEarly = false;
  let restoredEpoch: number | undefined;
  const record = async (epoch: number, loss: number, seconds: number): Promise<void> => {
    const test = await measure(network, dataset.test, dataset.task);
    const point = { epoch, loss, testLoss: test.loss, testAccuracy: test.accuracy, seconds };
    history.push(point);
    onEpoch(point);
  };

  if (dataset.augment) {
    const random = new Random(settings.seed);
    const optimizer = createOptimizer(network, settings.optimizer);
    try {
      for (let epoch = 1; epoch <= settings.epochs; epoch++) {
        const x = { data: dataset.augment(train.x, train.rows, random), rows: train.rows, cols: dataset.inputSize };
        optimizer.setLearningRate(learningRateForEpoch(settings.optimizer.lr, epoch, settings.epochs));
        const clip = { ...(settings.features?.clipValue !== undefined ? { clipValue: settings.features.clipValue } : {}), ...(settings.features?.clipNorm !== undefined ? { clipNorm: settings.features.clipNorm } : {}) };
        const h = await fit(network, x, y, { epochs: 1, batchSize: settings.batchSize, optimizer, seed: settings.seed + epoch, ...clip });
        path = h.path;
        await record(epoch, h.epochs[0]!.loss, h.epochs[0]!.seconds);
      }
    } finally {
      optimizer.dispose();
    }
  } else {
    const x = { data: train.x, rows: train.rows, cols: dataset.inputSize };
    const h = await fit(network, x, y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      optimizer: settings.optimizer,
      seed: settings.seed,
      ...settings.features,
      onEpochEnd: (info) => record(info.epoch, info.loss, info.seconds),
    });
    path = h.path;
    stoppedEarly = h.stoppedEarly;
    restoredEpoch = h.restoredEpoch;
  }
  const trainingSeconds = history.reduce((s, p) => s + p.seconds, 0);
  return { history, stoppedEarly, ...(restoredEpoch !== undefined ? { restoredEpoch } : {}), trainingSeconds, samplesPerSecond: (train.rows * history.length) / trainingSeconds, path };
}
