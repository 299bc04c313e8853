/**
 * Early stopping: ends training when the monitored loss has not improved by more than
 * `minDelta` for `patience` epochs in a row (Keras's EarlyStopping, mode 'min'). With
 * restoreBestWeights it keeps a copy of the parameters of the best epoch so far, and puts it
 * back when training ends (whether it stopped early or ran every epoch).
 */
import type { Network } from '../network.js';
import type { EarlyStoppingPlan } from './fit-plan.js';
import { ParameterSnapshot } from './parameter-snapshot.js';

/** Where early stopping stands, as a checkpoint keeps it (best is null while no epoch was seen). */
export interface EarlyStoppingState {
  readonly best: number | null;
  readonly bestEpoch: number;
  readonly lastEpoch: number;
  readonly sinceBest: number;
}

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

  state(): EarlyStoppingState {
    return { best: Number.isFinite(this.best) ? this.best : null, bestEpoch: this.bestEpoch, lastEpoch: this.lastEpoch, sinceBest: this.sinceBest };
  }

  /** The copy of the best epoch's parameters (restoreBestWeights), if one was taken. */
  get bestWeightsCopy(): ParameterSnapshot | undefined {
    return this.bestWeights;
  }

  /** Goes on from a checkpoint's state (and its copy of the best weights, which this then owns). */
  resume(state: EarlyStoppingState, bestWeights: ParameterSnapshot | undefined): void {
    this.best = state.best ?? Infinity;
    this.bestEpoch = state.bestEpoch;
    this.lastEpoch = state.lastEpoch;
    this.sinceBest = state.sinceBest;
    this.bestWeights?.dispose();
    this.bestWeights = bestWeights;
  }

  dispose(): void {
    this.bestWeights?.dispose();
    this.bestWeights = undefined;
  }
}
