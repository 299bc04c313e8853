/**
 * What a dataset gives the playground: labelled samples to train on (and, for digits, held-out
 * samples that are never trained on), the class count, and settings that train it well.
 */
import type { Activation, OptimizerKind } from '@backprop/core';

export const DATASET_NAMES = ['spirals', 'circles', 'xor', 'gaussians', 'digits'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Core's optimizer kinds (its registry of update rules). */
export type { OptimizerKind };

/** Row-major samples: `x` is rows×inputs, `labels` one class index per row. */
export interface Samples {
  readonly x: Float64Array;
  readonly labels: Uint8Array;
  readonly rows: number;
}

export interface TrainingDefaults {
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly optimizer: OptimizerKind;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
}

export interface Dataset {
  readonly name: DatasetName;
  /** One line for the page. */
  readonly description: string;
  readonly inputSize: number;
  readonly classes: number;
  readonly train: Samples;
  /** Samples never trained on (digits only: the 2-D sets are about the boundary over the plane). */
  readonly test?: Samples;
  /** 2-D sets only: the square [-extent, extent]² the boundary heat map covers. */
  readonly extent?: number;
  readonly defaults: TrainingDefaults;
}

/** One-hot targets, rows×classes, for the labels. */
export function oneHot(labels: Uint8Array, classes: number): Float64Array {
  const y = new Float64Array(labels.length * classes);
  labels.forEach((label, row) => (y[row * classes + label] = 1));
  return y;
}
