/**
 * What fit takes and gives back: its options, the callbacks it calls, and the history it
 * returns. fit.ts re-exports these; training/fit-plan.ts checks the options once.
 */
import type { DataInput } from '../data.js';
import type { Evaluation } from '../evaluate.js';
import type { OptimizerSpec, OptimizerState } from '../optimizers.js';
import type { LearningRateSchedule } from '../schedules.js';

export interface BatchEndInfo {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  /** Reads this batch's loss. On GPU backends each call is a readback: call it sparingly. */
  readonly loss: () => Promise<number>;
}

export interface EpochEndInfo {
  readonly epoch: number;
  readonly loss: number;
  /** The learning rate this epoch trained with (a schedule's, when one is set). */
  readonly learningRate: number;
  readonly validation?: Evaluation;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** Return `false` from a callback, or call `stop()`, to end training after the current batch or epoch. */
export interface FitCallbacks {
  onBatchEnd?: (info: BatchEndInfo, stop: () => void) => void | boolean | Promise<void | boolean>;
  onEpochEnd?: (info: EpochEndInfo, stop: () => void) => void | boolean | Promise<void | boolean>;
}

export interface EarlyStopping {
  /** 'valLoss' needs validationData. Default: 'valLoss' when validation data is given, else 'loss'. */
  readonly monitor?: 'loss' | 'valLoss';
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** Smallest decrease that counts as an improvement; default 0. */
  readonly minDelta?: number;
}

export interface FitOptions extends FitCallbacks {
  readonly epochs: number;
  /** Default 32, capped at the number of samples. */
  readonly batchSize?: number;
  /** Shuffle samples every epoch with core's PRNG; default true. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; default 1. */
  readonly seed?: number;
  /**
   * Default SGD, lr 0.01 (the article's update). A spec starts fresh state for this call; an
   * OptimizerState from `createOptimizer(network, spec)` keeps its state across calls (and is
   * not disposed by fit).
   */
  readonly optimizer?: OptimizerSpec | OptimizerState;
  readonly validationData?: readonly [DataInput, DataInput];
  /**
   * Hold out this fraction (0 < f < 1) of the samples for validation instead of passing
   * validationData: the LAST ⌈f·rows⌉ rows, taken before any shuffling, as Keras does (shuffle
   * your data first if it is sorted). Not both.
   */
  readonly validationSplit?: number;
  readonly earlyStopping?: EarlyStopping;
  /** Clip every gradient element to [−clipValue, clipValue] before the update. */
  readonly clipValue?: number;
  /** Scale all gradients by clipNorm / max(‖G‖, clipNorm), ‖G‖ the L2 norm over every weight and bias (Keras's global_clipnorm). After clipValue. */
  readonly clipNorm?: number;
  /** A learning-rate schedule over epochs, from the optimizer's rate when fit starts (schedules.ts). */
  readonly schedule?: LearningRateSchedule;
  /** 'auto' (default) uses core's fused host path where the backend allows it; 'ops' forces the per-operation path. */
  readonly path?: 'auto' | 'ops';
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly learningRate: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly seconds: number;
}

export interface History {
  readonly epochs: EpochRecord[];
  readonly stoppedEarly: boolean;
  readonly samples: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** 'host' when core's fused host path ran, else 'ops'. */
  readonly path: 'host' | 'ops';
}
