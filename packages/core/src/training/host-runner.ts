/**
 * The fused host path as an epoch runner: small networks on backends with host storage train
 * through one generated function (host-step.ts), which checks every batch loss itself. When
 * nothing watches single epochs, one call runs many epochs, so that a tiny network's epoch (xor:
 * 4 samples) costs no trip through fit's loop.
 */
import type { DivergenceGuard } from '../divergence-guard.js';
import { NonFiniteLossError } from '../errors.js';
import type { HostTrainer } from '../host-step.js';
import type { SpanOrders } from './epoch-orders.js';
import type { EpochRunner, SpanResult } from './epoch-runner.js';
import type { FitPlan } from './fit-plan.js';

/** Most samples' worth of epochs that one span runs in one call (xor: 16,384 epochs). */
const SPAN_SAMPLES = 65_536;

export class HostEpochRunner implements EpochRunner {
  readonly path = 'host';

  constructor(
    private readonly trainer: HostTrainer,
    private readonly plan: FitPlan,
  ) {}

  spanLength(first: number): number {
    const { plan } = this;
    if (plan.watchesEpochs) return 1;
    return Math.min(plan.epochs - first + 1, Math.max(1, Math.floor(SPAN_SAMPLES / plan.x.rows)));
  }

  /**
   * One call for the whole span. A non-finite batch loss stops the call: the span is then not
   * finite (and its parameters past the failure: the guard puts them back).
   */
  run(first: number, orders: SpanOrders, _guard: DivergenceGuard): SpanResult {
    const { plan, trainer } = this;
    const { x, y } = plan;
    if (orders.count === 1) {
      let loss: number;
      try {
        loss = trainer.runEpoch(x, y, orders.order(0), first);
      } catch (e) {
        if (!(e instanceof NonFiniteLossError)) throw e;
        loss = NaN;
      }
      return { losses: [loss], finite: Number.isFinite(loss), batches: plan.batches, samples: x.rows };
    }
    const { losses, failedEpoch } = trainer.runEpochs(x, y, orders.all(), orders.count);
    return { losses, finite: failedEpoch === undefined, batches: plan.batches, samples: orders.count * x.rows };
  }

  replayBatch(epoch: number, order: Uint32Array, b: number): Promise<{ loss: number; samples: number }> {
    const { plan } = this;
    const start = b * plan.batchSize;
    const n = Math.min(plan.batchSize, plan.x.rows - start);
    return Promise.resolve({ loss: this.trainer.runBatch(plan.x, plan.y, order, start, n, epoch), samples: n });
  }
}
