/**
 * A learning-rate schedule during one fit call. The schedule runs from the optimizer's rate when
 * fit starts (its base); when fit ends, however it ends, the base goes back into the optimizer,
 * so that a state reused for the next call (staged training) does not start from a decayed rate
 * and compound the decay. With continueSchedule the next call goes on from the schedule epoch
 * where this one stopped, remembered per optimizer state.
 */
import { BackpropError, describeValue } from '../errors.js';
import type { OptimizerState } from '../optimizers.js';
import { learningRateAt, type LearningRateSchedule } from '../schedules.js';

/** Schedule epochs already trained through each optimizer state, for continueSchedule. */
const scheduleEpochsOf = new WeakMap<OptimizerState, number>();

export class ScheduledRate {
  private readonly base: number;
  private readonly offset: number;

  constructor(
    private readonly optimizer: OptimizerState,
    private readonly schedule: LearningRateSchedule,
    continueSchedule: boolean,
    /** A resumed run's: the offset the run it resumes had (a checkpoint keeps it). */
    offset?: number,
  ) {
    this.base = optimizer.spec.lr;
    this.offset = offset ?? (continueSchedule ? (scheduleEpochsOf.get(optimizer) ?? 0) : 0);
  }

  /** Schedule epochs before this call's epoch 1. */
  get startOffset(): number {
    return this.offset;
  }

  /** Sets the rate of this call's epoch `epoch` (1-based). */
  apply(epoch: number): void {
    const at = this.offset + epoch;
    const lr = learningRateAt(this.schedule, at, this.base);
    // A schedule (a user's function above all) is named as the culprit, not setLearningRate.
    if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) throw new BackpropError('fit', `schedule gave learning rate ${describeValue(lr)} for epoch ${at}; it must be a finite number > 0`);
    this.optimizer.setLearningRate(lr);
  }

  /** After `epochsTrained` epochs of this call: the base rate goes back, and how far the schedule got is kept. */
  finish(epochsTrained: number): void {
    this.optimizer.setLearningRate(this.base);
    scheduleEpochsOf.set(this.optimizer, this.offset + epochsTrained);
  }
}
