/**
 * One interface, two ways to train epochs: core's fused host path (host-runner.ts: a generated
 * function over the backend's host storage, for small networks) and the per-operation path
 * (ops-runner.ts: backend calls, any backend). fit's loop and the guard (guarded-epochs.ts) see
 * only this.
 */
import type { DivergenceGuard } from '../divergence-guard.js';
import type { SpanOrders } from './epoch-orders.js';

/** What a span of epochs gave. */
export interface SpanResult {
  /** Each epoch's mean loss, for the epochs that ran (an ops span stops after a non-finite one); the caller may keep it. */
  readonly losses: ArrayLike<number>;
  /** Whether every epoch's loss was finite at the backend's precision (the guard checks the parameters). */
  readonly finite: boolean;
  /** Batches the last epoch ran (fewer than planned when a callback stopped it). */
  readonly batches: number;
  /** Samples trained. */
  readonly samples: number;
}

export interface EpochRunner {
  /** 'host' for the fused host path, 'ops' for the per-operation path (History.path). */
  readonly path: 'host' | 'ops';
  /**
   * How many epochs from `first` (1-based) the next span may hold: several share one guard (and,
   * on the host path, one generated call) only when nothing watches single epochs.
   */
  spanLength(first: number): number;
  /** Trains the span's epochs, the first being epoch `first`, under `guard` (at once where it never waits). */
  run(first: number, orders: SpanOrders, guard: DivergenceGuard): SpanResult | Promise<SpanResult>;
  /** Trains 0-based batch `b` of `epoch` (in `order`) again exactly as the epoch did: the guard's replay. */
  replayBatch(epoch: number, order: Uint32Array, b: number): Promise<{ loss: number; samples: number }>;
}

/** `stop()` (a callback's second argument) ends training after the current batch or epoch. */
export class StopSignal {
  requested = false;
  readonly stop = (): void => {
    this.requested = true;
  };
}
