/**
 * What fit takes and gives back: its options, the callbacks it calls, and the history it
 * returns. fit.ts re-exports these; training/fit-plan.ts checks the options once.
 */
import type { DataInput } from '../data.js';
import type { Evaluation } from '../evaluate.js';
import type { OptimizerSpec, OptimizerState } from '../optimizers.js';
import type { CheckpointOptions } from '../checkpoint/checkpointer.js';
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

/**
 * Stops training when the monitored loss has not improved for `patience` epochs (Keras's
 * EarlyStopping, mode 'min'). The network then keeps the weights of the LAST epoch trained,
 * not of the best one, unless `restoreBestWeights` is set.
 */
export interface EarlyStopping {
  /** 'valLoss' needs validationData. Default: 'valLoss' when validation data is given, else 'loss'. */
  readonly monitor?: 'loss' | 'valLoss';
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** Smallest decrease that counts as an improvement; default 0. */
  readonly minDelta?: number;
  /**
   * When fit returns (stopped early or not), put back the weights and biases of the epoch with
   * the best monitored loss (Keras's restore_best_weights; Keras restores only when it stops
   * early). The optimizer's state (momentum, Adam's moments) is not rewound, as in Keras.
   * `History.restoredEpoch` names the epoch. Costs one copy of the parameters per improvement.
   * Default false.
   */
  readonly restoreBestWeights?: boolean;
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
  /**
   * A learning-rate schedule over epochs, from the optimizer's rate when fit starts (schedules.ts).
   * It starts again at its epoch 1 in every fit call, and when fit returns (or throws) a reused
   * optimizer state has its rate from before the call back, so staged training never compounds
   * the decay.
   */
  readonly schedule?: LearningRateSchedule;
  /**
   * With a schedule and an optimizer state reused across fit calls (createOptimizer): go on from
   * the schedule epoch where the previous fit with this state left off, instead of starting
   * again (the epochs of History still count from 1 in each call). Default false.
   */
  readonly continueSchedule?: boolean;
  /** 'auto' (default) uses core's fused host path where the backend allows it; 'ops' forces the per-operation path. */
  readonly path?: 'auto' | 'ops';
  /**
   * Write a checkpoint (Node: a file, atomically) at the end of an epoch every `every.epochs`
   * epochs or `every.seconds` seconds, and when training ends: everything needed to go on as if
   * never stopped (checkpoint/checkpoint-format.ts). With a checkpoint, every epoch runs on its
   * own (no multi-epoch spans).
   */
  readonly checkpoint?: CheckpointOptions;
  /**
   * Go on from the checkpoint at this path (Node): parameters, optimizer state, epoch, schedule,
   * early stopping and history are put back, and training continues at the next epoch; on the
   * same backend the result is bit-identical to a run never stopped. Refused with a
   * CheckpointMismatchError naming the difference when the network, the data (a fingerprint of
   * shape and a sample of values) or the options (all but `epochs`) differ, and with a
   * CheckpointFormatError when the file is damaged. The optimizer must be a spec (or left out):
   * its state comes from the checkpoint.
   */
  readonly resumeFrom?: string;
  /**
   * Stop at the end of the current epoch when this aborts (Ctrl-C in a CLI): the checkpoint, if
   * any, is written and fit returns with `interrupted: true`. fit lets the event loop run at each
   * epoch end so that a signal handler can abort it.
   */
  readonly signal?: AbortSignal;
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
  /** The epoch whose weights earlyStopping.restoreBestWeights put back; absent when the last epoch's weights were kept. */
  readonly restoredEpoch?: number;
  /** True when `signal` stopped training. */
  readonly interrupted?: boolean;
  /** With resumeFrom: the epochs the checkpoint had done (`epochs` lists them too). */
  readonly resumedAfter?: number;
}
