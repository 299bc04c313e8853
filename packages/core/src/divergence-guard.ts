/**
 * fit's divergence guard: training never hands back NaN or ±Infinity parameters.
 *
 * Each epoch, at no extra readback:
 * - before it, a snapshot of every parameter and of the optimizer's state (its step count too).
 *   It is known finite, since the previous epoch's check passed (epoch 1: the network as given,
 *   which createNetwork, setLayerWeights and loadModel only build from finite values). On a
 *   backend with host storage (hostArray) it is a typed-array copy; elsewhere, device copies;
 * - after it, on a backend without host storage, Σ(p·0) over every parameter is added on the
 *   backend to the epoch's loss sum, the one value fit reads per epoch anyway. p·0 is 0 for
 *   finite p and NaN for NaN and ±Infinity (IEEE 754), and a sum of zeros cannot overflow, so
 *   the sum read back is NaN exactly when some value is not finite. On a backend with host
 *   storage the values are scanned where they lie.
 * Epochs shorter than a few dozen steps share one guard (training/guarded-epochs.ts) when
 * nothing watches single epochs: one snapshot and one check per span, and a failing span is
 * put back and run again one epoch at a time, each under its own guard.
 * When the check fails, the epoch is replayed from the snapshot one batch at a time (the same
 * order, data and arithmetic, so the same numbers), checking the batch loss and the parameters
 * after each step: one readback per step, on the failure path only. The first batch whose loss
 * is not finite at the backend's precision (NonFiniteLossError), or whose update leaves a value
 * non-finite (NonFiniteWeightsError), is named, and the snapshot is put back. If the replay
 * finds nothing (a float32 loss *sum* overflowed while every batch loss was finite), it returns
 * the epoch's mean loss summed in double, and training goes on from the replayed state.
 */
import type { Matrix, Precision } from './backend.js';
import { NonFiniteLossError, NonFiniteWeightsError } from './errors.js';
import type { Network } from './network.js';
import type { OptimizerState } from './optimizers.js';
import { finiteAt, roundTo } from './precision.js';

/** What the guard needs to replay an epoch. */
export interface EpochReplay {
  /** Batches the epoch ran (fewer than planned when a callback stopped it). */
  readonly batches: number;
  /** Trains 0-based batch `b` exactly as the epoch did; resolves with its loss and size. */
  runBatch(b: number): Promise<{ loss: number; samples: number }>;
}

interface NamedMatrix {
  readonly name: string;
  readonly m: Matrix;
}

type Floats = Float32Array | Float64Array;

/** Saved parameters and optimizer-state matrices: host copies, or device copies (handles the guard owns). */
type Saved = { readonly onHost: true; readonly params: Floats[]; readonly slots: Floats[][] } | { readonly onHost: false; readonly params: Matrix[]; readonly slots: Matrix[][] };

export class DivergenceGuard {
  private readonly precision: Precision;

  private constructor(
    private readonly network: Network,
    private readonly optimizer: OptimizerState,
    private readonly saved: Saved,
    private readonly step: number,
    /** The host path's optimizer state (momentum and Adam only: SGD keeps none). */
    private readonly hostSlots: Float64Array[] | undefined,
  ) {
    this.precision = network.ops.info.precision;
  }

  /** Snapshots the network's parameters and the optimizer's state (the caller disposes the guard). */
  static begin(network: Network, optimizer: OptimizerState): DivergenceGuard {
    const backend = network.ops.backend;
    let saved: Saved;
    if (typeof backend.hostArray === 'function') {
      const copy = (m: Matrix): Floats => backend.hostArray!(m).slice();
      saved = { onHost: true, params: network.layers.flatMap((l) => [copy(l.w), copy(l.b)]), slots: optimizer.slots.map((slot) => slot.map(copy)) };
    } else {
      const copy = (m: Matrix): Matrix => network.ops.binaryScalar('mul', m, 1);
      saved = { onHost: false, params: network.layers.flatMap((l) => [copy(l.w), copy(l.b)]), slots: optimizer.slots.map((slot) => slot.map(copy)) };
    }
    const hostSlots = optimizer.spec.kind === 'sgd' ? undefined : optimizer.hostSlots?.map((s) => s.slice());
    return new DivergenceGuard(network, optimizer, saved, optimizer.step, hostSlots);
  }

  /**
   * Every parameter now, with a name for messages. The optimizer's state is saved and restored
   * but not checked: a non-finite velocity or first moment makes the parameters non-finite in the
   * same update (W − lr·v), so checking them catches it, at half the kernels (a third with Adam).
   */
  private current(): NamedMatrix[] {
    return this.network.layers.flatMap((l, i) => [
      { name: `layer ${i} weights`, m: l.w },
      { name: `layer ${i} biases`, m: l.b },
    ]);
  }

  /**
   * On a backend without host storage, a 1×1 matrix holding Σ(p·0) over every parameter: 0 when
   * all are finite, NaN otherwise. The caller owns it; fit adds it to the epoch's loss sum before
   * the read. Undefined on a backend with host storage, where `hostFinite` scans instead.
   *
   * Each sum is taken as zerosᵀ·P·zeros, two products with zero vectors: every term is 0·p, 0 for
   * finite p and NaN for NaN or ±Infinity, so no sum can overflow, and P is read once. (A
   * multiply by 0 then two row/column reductions did the same in three passes, and tfjs's
   * reduction over rows transposes first: 67 ms a 1024×1024 layer on wasm, against a 7.6% share
   * of the wide workload's epoch.)
   */
  deviceCheck(): Matrix | undefined {
    if (this.saved.onHost) return undefined;
    const ops = this.network.ops;
    const zeros = new Map<string, Matrix>();
    const zerosOf = (rows: number, cols: number): Matrix => {
      const key = `${rows}x${cols}`;
      let z = zeros.get(key);
      if (!z) zeros.set(key, (z = ops.fill(rows, cols, 0)));
      return z;
    };
    let acc: Matrix | undefined;
    for (const { m } of this.current()) {
      let one: Matrix;
      if (m.rows === 1 && m.cols === 1) {
        one = ops.binaryScalar('mul', m, 0);
      } else {
        const row = m.rows === 1 ? m : ops.matmul(zerosOf(1, m.rows), m);
        one = m.cols === 1 ? row : ops.matmul(row, zerosOf(m.cols, 1));
        if (row !== m && row !== one) ops.dispose(row);
      }
      if (acc === undefined) {
        acc = one;
      } else {
        const sum = ops.binary('add', acc, one);
        ops.dispose(acc);
        ops.dispose(one);
        acc = sum;
      }
    }
    for (const z of zeros.values()) ops.dispose(z);
    return acc!;
  }

  /**
   * Whether every parameter is finite, scanned in host storage; true without looking on a backend
   * without host storage (its check rode on the epoch's loss read).
   */
  hostFinite(): boolean {
    if (!this.saved.onHost) return true;
    const backend = this.network.ops.backend;
    // No names needed here (current() builds them): this runs after every epoch of a tiny network.
    for (const l of this.network.layers) if (!allFinite(backend.hostArray!(l.w)) || !allFinite(backend.hostArray!(l.b))) return false;
    return true;
  }

  /** The first non-finite value, read back matrix by matrix (failure path only), or undefined. */
  private async firstNonFinite(): Promise<{ name: string; value: number } | undefined> {
    for (const { name, m } of this.current()) {
      const values = await this.read(m);
      for (const v of values) if (!Number.isFinite(v)) return { name, value: v };
    }
    return undefined;
  }

  private async read(m: Matrix): Promise<Float32Array | Float64Array> {
    return this.network.ops.readSync(m) ?? (await this.network.ops.read(m));
  }

  /** Whether everything is finite now, at one 1×1 readback (host storage: a scan). */
  private async finiteNow(): Promise<boolean> {
    const check = this.deviceCheck();
    if (check === undefined) return this.hostFinite();
    try {
      return Number.isFinite((await this.read(check))[0]);
    } finally {
      this.network.ops.dispose(check);
    }
  }

  /** Puts the snapshot back (copies of it: the snapshot stays for another restore). */
  restore(): void {
    const ops = this.network.ops;
    const saved = this.saved;
    const slots = this.optimizer.slots;
    if (saved.onHost) {
      // Into the live storage of the current handles (same shapes; updates replace handles, never reshape).
      const backend = ops.backend;
      this.network.layers.forEach((l, i) => {
        backend.hostArray!(l.w).set(saved.params[2 * i]!);
        backend.hostArray!(l.b).set(saved.params[2 * i + 1]!);
      });
      // Optimizer state made during the epoch (the first steps make it) goes; saved state goes back.
      for (const slot of slots.slice(saved.slots.length)) for (const m of slot) ops.dispose(m);
      slots.length = saved.slots.length;
      saved.slots.forEach((slot, p) => slot.forEach((values, k) => backend.hostArray!(slots[p]![k]!).set(values)));
    } else {
      const copy = (m: Matrix): Matrix => ops.binaryScalar('mul', m, 1);
      this.network.layers.forEach((l, i) => {
        const w = copy(saved.params[2 * i]!);
        const b = copy(saved.params[2 * i + 1]!);
        ops.dispose(l.w);
        ops.dispose(l.b);
        l.w = w;
        l.b = b;
      });
      for (const slot of slots) for (const m of slot) ops.dispose(m);
      slots.length = 0;
      saved.slots.forEach((slot, p) => (slots[p] = slot.map(copy)));
    }
    if (this.optimizer.hostSlots && this.optimizer.spec.kind !== 'sgd') {
      // In place: the host trainer holds these very arrays.
      if (this.hostSlots) this.optimizer.hostSlots.forEach((s, i) => s.set(this.hostSlots![i]!));
      else for (const s of this.optimizer.hostSlots) s.fill(0);
    }
    this.optimizer.step = this.step;
  }

  /**
   * After the epoch's check failed: replays it batch by batch from the snapshot. Throws the
   * error naming the first bad batch (with the snapshot restored), or, when every batch is
   * finite on replay, returns the epoch's mean loss summed in double.
   */
  async replay(epoch: number, run: EpochReplay): Promise<number> {
    this.restore();
    let total = 0;
    let samples = 0;
    for (let b = 0; b < run.batches; b++) {
      const { loss, samples: n } = await run.runBatch(b);
      let error: NonFiniteLossError | undefined;
      if (!finiteAt(loss, this.precision)) {
        error = new NonFiniteLossError(epoch, b + 1, roundTo(loss, this.precision));
      } else if (!(await this.finiteNow())) {
        const bad = (await this.firstNonFinite()) ?? { name: 'a parameter', value: NaN };
        error = new NonFiniteWeightsError(epoch, b + 1, roundTo(loss, this.precision), bad.name, bad.value);
      }
      if (error) {
        this.restore();
        throw error;
      }
      total += loss * n;
      samples += n;
    }
    return total / samples;
  }

  /**
   * After any other error in the epoch (a callback threw, a backend failed): if some value is
   * not finite now, the snapshot goes back, so that no error leaves a broken network behind.
   * Reads back only on this error path.
   */
  async afterError(): Promise<void> {
    let finite = false;
    try {
      finite = (await this.firstNonFinite()) === undefined;
    } catch {
      // Reading failed too (the backend is in trouble): restoring is the safe side.
    }
    if (!finite) this.restore();
  }

  /** Frees the snapshot. */
  dispose(): void {
    if (this.saved.onHost) return;
    const ops = this.network.ops;
    for (const m of this.saved.params) ops.dispose(m);
    for (const slot of this.saved.slots) for (const m of slot) ops.dispose(m);
  }
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    // x − x is 0 exactly for finite x, NaN for NaN and ±Infinity.
    if (values[i]! - values[i]! !== 0) return false;
  }
  return true;
}
