/**
 * Early stopping: ends training when the monitored loss has not improved by more than
 * `minDelta` for `patience` epochs in a row (Keras's EarlyStopping, mode 'min').
 */
import type { EarlyStoppingPlan } from './fit-plan.js';

export class EarlyStopper {
  private best = Infinity;
  private sinceBest = 0;

  constructor(private readonly plan: EarlyStoppingPlan) {}

  /** After an epoch: whether training should stop now. */
  observe(loss: number, valLoss: number | undefined): boolean {
    const watched = this.plan.monitor === 'valLoss' ? valLoss! : loss;
    if (watched < this.best - this.plan.minDelta) {
      this.best = watched;
      this.sinceBest = 0;
      return false;
    }
    return ++this.sinceBest >= this.plan.patience;
  }
}
