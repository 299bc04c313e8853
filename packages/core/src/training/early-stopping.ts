/**
 * Early stopping: ends training when the monitored loss has not improved by more than
 * `minDelta` for `patience` epochs in a row (Keras's EarlyStopping, mode 'min'). With
 * restoreBestWeights it keeps a copy of the parameters of the best epoch so far, and puts it
 * back when training ends (whether it stopped early or ran every epoch).
 */
import type { Network } from '../network.js';
import type { EarlyStoppingPlan } from './fit-plan.js';
import { ParameterSnapshot } from './parameter-snapshot.js';

export class EarlyStopper {
  private best = Infinity;
  private bestEpoch = 0;
  private lastEpoch = 0;
  private sinceBest = 0;
  private bestWeights: ParameterSnapshot | undefined;

  constructor(
    private readonly plan: EarlyStoppingPlan,
    private readonly network: Network,
  ) {}

  /** After epoch `epoch`: whether training should stop now. */
  observe(epoch: number, loss: number, valLoss: number | undefined): boolean {
    this.lastEpoch = epoch;
    const watched = this.plan.monitor === 'valLoss' ? valLoss! : loss;
    if (watched < this.best - this.plan.minDelta) {
      this.best = watched;
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      if (this.plan.restoreBestWeights) {
        this.bestWeights?.dispose();
        this.bestWeights = ParameterSnapshot.take(this.network);
      }
      return false;
    }
    return ++this.sinceBest >= this.plan.patience;
  }

  /** Training ended normally: puts the best epoch's parameters back when asked to; returns that epoch, if it did. */
  restoreBest(): number | undefined {
    if (!this.bestWeights || this.bestEpoch === this.lastEpoch) return undefined;
    this.bestWeights.restore();
    return this.bestEpoch;
  }

  dispose(): void {
    this.bestWeights?.dispose();
    this.bestWeights = undefined;
  }
}
