/**
 * The per-operation path: each batch is gathered on the host, uploaded, and trained through
 * backend calls (network.gradients, the optimizer's update). Nothing is read back per step:
 * each batch's loss stays on the backend as a 1×1 handle, the epoch's losses are summed there
 * together with the guard's finiteness check of every parameter, and read once per epoch.
 */
import type { Matrix } from '../backend.js';
import { gatherRows } from '../data.js';
import type { DivergenceGuard } from '../divergence-guard.js';
import type { Network } from '../network.js';
import type { SpanOrders } from './epoch-orders.js';
import type { EpochRunner, SpanResult, StopSignal } from './epoch-runner.js';
import type { FitPlan } from './fit-plan.js';
import { trainStep } from './train-step.js';
import { assertStillAlive } from './training-claim.js';

/**
 * Nothing watching single epochs: epochs shorter than this many steps share one divergence-guard
 * span (one snapshot and one parameter check for several epochs), so that a one-step epoch
 * (xor) does not pay ~13 check kernels per step (divergence-guard.ts).
 */
const SPAN_STEPS = 32;

export class OpsEpochRunner implements EpochRunner {
  readonly path = 'ops';
  private readonly xBatch: Float32Array | Float64Array;
  private readonly yBatch: Float32Array | Float64Array;

  constructor(
    private readonly network: Network,
    private readonly plan: FitPlan,
    private readonly stop: StopSignal,
  ) {
    // Batches are gathered at the backend's precision (the plan's rows are): a copy, no conversion.
    const Floats = plan.x.data instanceof Float64Array ? Float64Array : Float32Array;
    this.xBatch = new Floats(plan.batchSize * plan.x.cols);
    this.yBatch = new Floats(plan.batchSize * plan.y.cols);
  }

  spanLength(first: number): number {
    const { plan } = this;
    if (plan.watchesEpochs || plan.callbacks.onBatchEnd || plan.batches >= SPAN_STEPS) return 1;
    return Math.min(plan.epochs - first + 1, Math.ceil(SPAN_STEPS / plan.batches));
  }

  /** Epochs one after another; the parameter check rides on the last epoch's loss read. Stops after a non-finite epoch. */
  async run(first: number, orders: SpanOrders, guard: DivergenceGuard): Promise<SpanResult> {
    const losses: number[] = [];
    let samples = 0;
    let batches = 0;
    for (let c = 0; c < orders.count; c++) {
      const epoch = await this.runEpoch(first + c, orders.order(c), c === orders.count - 1 ? guard : undefined);
      losses.push(epoch.loss);
      samples += epoch.samples;
      batches = epoch.batches;
      if (!Number.isFinite(epoch.loss)) break;
    }
    return { losses, finite: losses.every(Number.isFinite), batches, samples };
  }

  async replayBatch(epoch: number, order: Uint32Array, b: number): Promise<{ loss: number; samples: number }> {
    const loss = this.trainBatch(epoch, order, b);
    try {
      return { loss: await this.readScalar(loss), samples: this.batchRows(b) };
    } finally {
      this.network.ops.dispose(loss);
    }
  }

  /** One epoch; with `guard`, its parameter check is folded into the one loss read (Σ(p·0) is 0 or NaN). */
  private async runEpoch(epoch: number, order: Uint32Array, guard: DivergenceGuard | undefined): Promise<{ loss: number; batches: number; samples: number }> {
    const { network, plan } = this;
    const ops = network.ops;
    const batchLosses: Matrix[] = [];
    let total: Matrix | undefined;
    let seen = 0;
    try {
      for (let b = 0; b < plan.batches; b++) {
        const n = this.batchRows(b);
        const loss = this.trainBatch(epoch, order, b);
        batchLosses.push(loss);
        // The epoch loss is the mean over samples: total sums batch means in units of a full
        // batch, so only a short last batch needs weighting (one kernel fewer per step).
        const weighted = n === plan.batchSize ? loss : ops.binaryScalar('mul', loss, n / plan.batchSize);
        if (total) {
          const sum = ops.binary('add', total, weighted);
          ops.dispose(total);
          if (weighted !== loss) ops.dispose(weighted);
          total = sum;
        } else {
          total = weighted === loss ? ops.binaryScalar('mul', loss, 1) : weighted;
        }
        seen += n;
        const onBatchEnd = plan.callbacks.onBatchEnd;
        if (onBatchEnd) {
          const verdict = await onBatchEnd({ epoch, batch: b + 1, batches: plan.batches, loss: () => this.readScalar(loss) }, this.stop.stop);
          assertStillAlive(network, epoch - 1);
          if (verdict === false) this.stop.requested = true;
          if (this.stop.requested) break;
        }
      }
      // Backends without host storage: the check joins the sum (the others are scanned by the guard).
      const finite = guard?.deviceCheck();
      const checked = finite ? ops.binary('add', total!, finite) : total!;
      if (finite) ops.dispose(finite);
      try {
        return { loss: ((await this.readScalar(checked)) * plan.batchSize) / seen, batches: batchLosses.length, samples: seen };
      } finally {
        if (checked !== total) ops.dispose(checked);
      }
    } finally {
      if (total) ops.dispose(total);
      for (const m of batchLosses) ops.dispose(m);
    }
  }

  private batchRows(b: number): number {
    return Math.min(this.plan.batchSize, this.plan.x.rows - b * this.plan.batchSize);
  }

  /** Uploads batch b (0-based) of `order` and trains on it; returns the 1×1 loss (caller owns it). */
  private trainBatch(epoch: number, order: Uint32Array, b: number): Matrix {
    const { network, plan, xBatch, yBatch } = this;
    const { x, y, batchSize } = plan;
    const ops = network.ops;
    const start = b * batchSize;
    const n = this.batchRows(b);
    gatherRows(x.data, x.cols, order, start, n, xBatch);
    gatherRows(y.data, y.cols, order, start, n, yBatch);
    const xm = ops.backend.fromArray(n === batchSize ? xBatch : xBatch.subarray(0, n * x.cols), n, x.cols);
    const ym = ops.backend.fromArray(n === batchSize ? yBatch : yBatch.subarray(0, n * y.cols), n, y.cols);
    const masks = this.uploadMasks(epoch, b, n);
    try {
      return trainStep(network, plan.optimizer, xm, ym, { masks, clip: plan.clip });
    } finally {
      ops.dispose(xm);
      ops.dispose(ym);
      for (const m of masks ?? []) if (m) ops.dispose(m);
    }
  }

  /** Batch b's dropout masks of `epoch` on the backend, or undefined without dropout. */
  private uploadMasks(epoch: number, b: number, n: number): (Matrix | undefined)[] | undefined {
    const dropout = this.plan.dropout;
    if (!dropout) return undefined;
    const layers = this.network.layers;
    const Floats = this.xBatch instanceof Float64Array ? Float64Array : Float32Array;
    const units = layers.map((l) => l.units);
    const arrays = layers.map((l) => (l.dropout > 0 ? new Floats(n * l.units) : undefined));
    dropout.drawInto(epoch, b, n, units, arrays);
    return arrays.map((a, l) => (a ? this.network.ops.backend.fromArray(a, n, units[l]!) : undefined));
  }

  private async readScalar(m: Matrix): Promise<number> {
    const ops = this.network.ops;
    return (ops.readSync(m) ?? (await ops.read(m)))[0]!;
  }
}
