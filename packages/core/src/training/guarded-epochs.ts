/**
 * The one guard-and-replay mechanism of fit: run a span of epochs under one divergence guard
 * (divergence-guard.ts), and when something was not finite, put the span's start back and find
 * out where it went wrong.
 *
 * - A span of one epoch is replayed batch by batch from the guard's snapshot: the guard throws
 *   the error naming the batch (with the epoch's start restored), or finds that only a float32
 *   loss *sum* overflowed and gives the epoch's loss summed in double.
 * - A span of several epochs is put back, and each epoch that ran is run again alone, in the
 *   same order, under its own guard: the same arithmetic, so the same numbers, up to the epoch
 *   that fails, which is then named as above.
 */
import { DivergenceGuard } from '../divergence-guard.js';
import { NonFiniteLossError } from '../errors.js';
import type { Network } from '../network.js';
import type { OptimizerState } from '../optimizers.js';
import { SpanOrders } from './epoch-orders.js';
import type { EpochRunner } from './epoch-runner.js';
import { assertStillAlive, isAlive } from './training-claim.js';

export interface GuardedTraining {
  readonly network: Network;
  readonly optimizer: OptimizerState;
  readonly runner: EpochRunner;
}

/** The epochs a span trained, in order, each finite. */
export interface TrainedEpochs {
  /** The caller may keep it: nothing else writes to it. */
  readonly losses: ArrayLike<number>;
  /** Seconds per epoch (a span's time shared out evenly). */
  readonly seconds: number;
  readonly samples: number;
}

/** Trains the span's epochs (the first being `first`), guarded; throws NonFiniteLossError naming the epoch and batch that diverged. */
export async function trainGuarded(training: GuardedTraining, first: number, orders: SpanOrders): Promise<TrainedEpochs> {
  const started = performance.now();
  const trained = await underOneGuard(training, first, orders);
  if (trained) return { losses: trained.losses, samples: trained.samples, seconds: (performance.now() - started) / 1000 / trained.losses.length };
  const losses: number[] = [];
  let samples = 0;
  for (let c = 0; c < orders.drawn; c++) {
    const again = await trainGuarded(training, first + c, SpanOrders.fixed(orders.order(c)));
    for (let e = 0; e < again.losses.length; e++) losses.push(again.losses[e]!);
    samples += again.samples;
  }
  return { losses, samples, seconds: (performance.now() - started) / 1000 / losses.length };
}

/** Undefined when a span of several epochs failed and was put back (its epochs are to be run again alone). */
async function underOneGuard(training: GuardedTraining, first: number, orders: SpanOrders): Promise<Omit<TrainedEpochs, 'seconds'> | undefined> {
  const { network, optimizer, runner } = training;
  const guard = DivergenceGuard.begin(network, optimizer);
  try {
    // The host path answers at once: no extra trip through the microtask queue per span.
    const running = runner.run(first, orders, guard);
    const ran = running instanceof Promise ? await running : running;
    // Code that ran while the span awaited (a callback, the caller) may have disposed the network.
    assertStillAlive(network, first - 1);
    // Backends with host storage: the parameters are scanned where they lie (no readback).
    if (ran.finite && guard.hostFinite()) return { losses: ran.losses, samples: ran.samples };
    if (orders.count > 1) {
      guard.restore();
      return undefined;
    }
    const order = orders.order(0);
    const runBatch = (b: number): Promise<{ loss: number; samples: number }> => {
      assertStillAlive(network, first - 1);
      return runner.replayBatch(first, order, b);
    };
    const loss = await guard.replay(first, { batches: ran.batches, runBatch });
    return { losses: [loss], samples: ran.samples };
  } catch (e) {
    // A divergence was restored by the guard; any other error leaves every parameter finite too
    // (a disposed network has no parameters left to check).
    if (!(e instanceof NonFiniteLossError) && isAlive(network)) await guard.afterError();
    throw e;
  } finally {
    guard.dispose();
  }
}
