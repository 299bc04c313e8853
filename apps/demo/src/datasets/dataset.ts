/**
 * What a dataset gives the CLI: a train split, a test split that is never trained on, and the
 * network settings that work for it (the defaults of `backprop train --dataset <name>`).
 */
import type { Activation, OptimizerKind as CoreOptimizerKind, Loss, Random } from '@backprop/core';
import type { Preprocessor, TableInspection } from '@backprop/data';

/** Row-major samples: `x` is rows×inputSize, `y` rows×outputSize. */
export interface Split {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
}

export type Task = 'classification' | 'regression';

/** Core's optimizer kinds (its registry of update rules). */
export type OptimizerKind = CoreOptimizerKind;

export interface TrainingDefaults {
  /** Hidden layer sizes; the output layer comes from the dataset. */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly outputActivation: Activation;
  readonly loss: Loss;
  readonly optimizer: OptimizerKind;
  readonly lr: number;
  readonly epochs: number;
  readonly batchSize: number;
}

export interface Dataset {
  readonly name: string;
  readonly description: string;
  readonly task: Task;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly train: Split;
  readonly test: Split;
  /** How the split was made, for output and the README. */
  readonly splitNote: string;
  readonly defaults: TrainingDefaults;
  /**
   * A fresh variation of the training inputs for each epoch (mnist: small shifts), so a small
   * training set generalises better. Returns a new array; the split is never changed.
   */
  readonly augment?: (x: Float64Array, rows: number, random: Random) => Float64Array;
  /**
   * A dataset built from a table (iris, or a file given with --data): the preprocessing fitted
   * on its training rows, saved with the model so that `predict` applies it to new rows.
   */
  readonly preprocessor?: Preprocessor;
  /** A table's columns profiled before training (types, empty cells, distinct values) and its warnings. */
  readonly inspection?: TableInspection;
  /** The file a --data dataset came from (absent for built-in datasets). */
  readonly file?: string;
  /** How the file was read (saved with the model, so predict reads new files the same way). */
  readonly read?: { readonly decimalComma?: boolean };
  /** What the user should know about how the data was read (an inferred task, unknown categories). */
  readonly notes?: readonly string[];
}
