/**
 * Training: mini-batch gradient descent over host data, with seeded shuffling, validation,
 * callbacks, early stopping and a divergence guard (divergence-guard.ts).
 *
 * Readbacks: a training step reads nothing back. Each batch's loss stays on the backend as a
 * 1×1 handle; the epoch's losses are summed there, together with a finiteness check of every
 * parameter, and read once per epoch. Only if that value is not finite is the epoch replayed
 * batch by batch, to name the batch where it went wrong. Backends with host storage (hostArray)
 * train small networks through core's fused host path instead, checked the same way.
 */
import type { Matrix } from './backend.js';
import { clipGradients, type Clipping } from './clipping.js';
import { gatherRows, toDataMatrix, type DataInput } from './data.js';
import { DivergenceGuard } from './divergence-guard.js';
import { BackpropError, describeValue, NonFiniteLossError } from './errors.js';
import { evaluateMatrices, type Evaluation } from './evaluate.js';
import { HostTrainer } from './host-step.js';
import type { Network } from './network.js';
import { OptimizerState, sgd, type OptimizerSpec } from './optimizers.js';
import { Random } from './random.js';
import { DropoutMasks } from './dropout.js';
import { checkSchedule, learningRateAt, type LearningRateSchedule } from './schedules.js';

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

export interface EarlyStopping {
  /** 'valLoss' needs validationData. Default: 'valLoss' when validation data is given, else 'loss'. */
  readonly monitor?: 'loss' | 'valLoss';
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** Smallest decrease that counts as an improvement; default 0. */
  readonly minDelta?: number;
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
  /** A learning-rate schedule over epochs, from the optimizer's rate when fit starts (schedules.ts). */
  readonly schedule?: LearningRateSchedule;
  /** 'auto' (default) uses core's fused host path where the backend allows it; 'ops' forces the per-operation path. */
  readonly path?: 'auto' | 'ops';
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
}

/** Most samples' worth of epochs that the host path runs in one call (xor: 16,384 epochs). */
const CHUNK_SAMPLES = 65_536;
/**
 * Per-operation path, nothing watching single epochs: epochs shorter than this many steps share
 * one divergence-guard span (one snapshot and one parameter check for several epochs), so that
 * a one-step epoch (xor) does not pay ~13 check kernels per step (divergence-guard.ts).
 */
const SPAN_STEPS = 32;

function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new BackpropError(op, `${name} must be a positive integer, got ${describeValue(v)}`);
  }
  return v;
}

/** What a training step does beyond the plain gradient: dropout masks (per layer, [rows, units]) and clipping. */
export interface StepExtras {
  readonly masks?: readonly (Matrix | undefined)[];
  readonly clip?: Clipping;
}

/** One gradient-descent step on a batch already on the backend. Returns the 1×1 batch loss (caller owns it). */
export function trainStep(network: Network, optimizer: OptimizerState, x: Matrix, y: Matrix, extras: StepExtras = {}): Matrix {
  const grads = network.gradients(x, y, extras.masks);
  if (extras.clip) clipGradients(network.ops, grads, extras.clip);
  optimizer.apply(grads);
  for (const m of grads.dW) network.ops.dispose(m);
  for (const m of grads.db) network.ops.dispose(m);
  return grads.loss;
}

async function readScalar(network: Network, m: Matrix): Promise<number> {
  const v = network.ops.readSync(m) ?? (await network.ops.read(m));
  return v[0]!;
}

/**
 * Trains `network` on (x, y). fit never returns with a NaN or ±Infinity parameter: when a batch
 * loss is not finite at the backend's precision it throws NonFiniteLossError, and when an update
 * makes a parameter non-finite it throws NonFiniteWeightsError (a
 * NonFiniteLossError), each naming the epoch and batch, after restoring the parameters and the
 * optimizer state of the start of that epoch (the last state known to be finite). Any other
 * error also leaves every parameter finite.
 */
export async function fit(network: Network, xInput: DataInput, yInput: DataInput, options: FitOptions): Promise<History> {
  const op = 'fit';
  network.assertAlive(op);
  if (typeof options !== 'object' || options === null) throw new BackpropError(op, `options must be an object with epochs, got ${describeValue(options)}`);
  const epochs = positiveInt(op, 'epochs', options.epochs);
  const precision = network.ops.info.precision;
  let x = toDataMatrix(op, 'x', xInput, network.inputSize, precision);
  let y = toDataMatrix(op, 'y', yInput, network.outputSize, precision);
  if (x.rows !== y.rows) throw new BackpropError(op, `x and y must have the same number of rows, got ${x.rows} and ${y.rows}`);
  const split = options.validationSplit;
  let held: { x: typeof x; y: typeof y } | undefined;
  if (split !== undefined) {
    if (typeof split !== 'number' || !(split > 0 && split < 1)) throw new BackpropError(op, `validationSplit must be a fraction in (0, 1), got ${describeValue(split)}`);
    if (options.validationData) throw new BackpropError(op, 'give validationSplit or validationData, not both');
    const heldRows = Math.ceil(split * x.rows);
    if (heldRows >= x.rows) throw new BackpropError(op, `validationSplit ${split} of ${x.rows} rows leaves no training data`);
    const keep = x.rows - heldRows;
    held = { x: tail(x, keep), y: tail(y, keep) };
    x = head(x, keep);
    y = head(y, keep);
  }
  const clip = checkClipping(op, options);
  if (options.schedule !== undefined) checkSchedule(op, options.schedule);
  const batchSize = Math.min(positiveInt(op, 'batchSize', options.batchSize ?? 32), x.rows);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new BackpropError(op, `seed must be an integer, got ${describeValue(seed)}`);
  const validation = held ?? (options.validationData
    ? {
        x: toDataMatrix(op, 'validationData x', options.validationData[0], network.inputSize, precision),
        y: toDataMatrix(op, 'validationData y', options.validationData[1], network.outputSize, precision),
      }
    : undefined);
  if (validation && validation.x.rows !== validation.y.rows) {
    throw new BackpropError(op, `validationData x and y must have the same number of rows, got ${validation.x.rows} and ${validation.y.rows}`);
  }
  const early = options.earlyStopping;
  const monitor = early?.monitor ?? (validation ? 'valLoss' : 'loss');
  if (early) {
    positiveInt(op, 'earlyStopping.patience', early.patience);
    if (monitor === 'valLoss' && !validation) throw new BackpropError(op, "earlyStopping monitor 'valLoss' needs validationData");
  }
  const ownOptimizer = !(options.optimizer instanceof OptimizerState);
  if (options.optimizer instanceof OptimizerState && options.optimizer.network !== network) {
    throw new BackpropError(op, 'the optimizer state was created for another network');
  }
  const optimizer = options.optimizer instanceof OptimizerState ? options.optimizer : new OptimizerState(network, options.optimizer ?? sgd(0.01));
  const random = new Random(seed);
  const order = new Uint32Array(x.rows).map((_, i) => i);
  const batches = Math.ceil(x.rows / batchSize);
  // The host path checks every batch itself and has no per-batch callback.
  const dropout = DropoutMasks.create(network.layers.map((l) => l.dropout), seed);
  const host = options.path !== 'ops' && !options.onBatchEnd ? HostTrainer.tryCreate(network, optimizer, batchSize, { clip, dropout }) : undefined;
  const baseLr = optimizer.spec.lr;
  /** The epoch being trained (1-based): dropout masks are drawn per (epoch, batch). */
  let currentEpoch = 1;
  // Several epochs per host call when nothing needs to see each one (no callback, validation,
  // early stopping, schedule or dropout): per-epoch bookkeeping would cost more than xor's epoch.
  const chunked = host !== undefined && !options.onEpochEnd && !validation && !early && options.schedule === undefined && !dropout;
  const spanned = host === undefined && !options.onBatchEnd && !options.onEpochEnd && !validation && !early && options.schedule === undefined && !dropout && batches < SPAN_STEPS;
  /** Orders of a chunk that diverged, replayed one epoch at a time. */
  let pending: { orders: Uint32Array; next: number; count: number } | undefined;

  const history: EpochRecord[] = [];
  let stopRequested = false;
  const stop = (): void => {
    stopRequested = true;
  };
  let best = Infinity;
  let sinceBest = 0;
  let stoppedEarly = false;
  const started = performance.now();
  let samples = 0;
  // Batches are gathered at the backend's precision: a float32 backend then copies instead of
  // converting every value on every upload (measured ~0.2 ms of a 2.8 ms mnist-like step on tfjs wasm).
  const Floats = network.ops.info.precision === 'float64' ? Float64Array : Float32Array;
  const xData = Floats === Float64Array ? x.data : Float32Array.from(x.data);
  const yData = Floats === Float64Array ? y.data : Float32Array.from(y.data);
  const xBatch = new Floats(batchSize * x.cols);
  const yBatch = new Floats(batchSize * y.cols);
  try {
    for (let epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
      if (chunked && pending === undefined) {
        const ran = runHostChunk(epoch);
        if (ran > 0) {
          epoch += ran - 1;
          continue;
        }
      }
      if (spanned && pending === undefined) {
        const ran = await runOpsSpan(epoch);
        if (ran > 0) {
          epoch += ran - 1;
          continue;
        }
      }
      const epochStart = performance.now();
      currentEpoch = epoch;
      if (options.schedule !== undefined) {
        const lr = learningRateAt(options.schedule, epoch, baseLr);
        // A schedule (a user's function above all) is named as the culprit, not setLearningRate.
        if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) throw new BackpropError(op, `schedule gave learning rate ${describeValue(lr)} for epoch ${epoch}; it must be a finite number > 0`);
        optimizer.setLearningRate(lr);
      }
      const learningRate = optimizer.spec.lr;
      nextOrder();
      const guard = DivergenceGuard.begin(network, optimizer);
      let epochLoss: number;
      try {
        let batchesRun = batches;
        if (host) {
          epochLoss = hostEpoch(epoch);
          samples += x.rows;
        } else {
          ({ loss: epochLoss, batches: batchesRun } = await runOpsEpoch(epoch, guard));
        }
        // Backends with host storage: the parameters are scanned where they lie (no readback).
        if (Number.isFinite(epochLoss) && !guard.hostFinite()) epochLoss = NaN;
        // Not finite: replay the epoch to name the batch (throws, restored), or to find that only a float32 sum overflowed.
        if (!Number.isFinite(epochLoss)) epochLoss = await guard.replay(epoch, { batches: batchesRun, runBatch: replayBatch });
      } catch (e) {
        if (!(e instanceof NonFiniteLossError)) await guard.afterError();
        throw e;
      } finally {
        guard.dispose();
      }
      const seconds = (performance.now() - epochStart) / 1000;
      const valuation = validation ? await evaluateMatrices(network, validation.x, validation.y) : undefined;
      history.push({ epoch, loss: epochLoss, learningRate, valLoss: valuation?.loss, valAccuracy: valuation?.accuracy, seconds });
      const verdict = await options.onEpochEnd?.({ epoch, loss: epochLoss, learningRate, validation: valuation, seconds, samplesPerSecond: x.rows / seconds }, stop);
      if (verdict === false) stopRequested = true;
      if (early) {
        const watched = monitor === 'valLoss' ? valuation!.loss : epochLoss;
        if (watched < best - (early.minDelta ?? 0)) {
          best = watched;
          sinceBest = 0;
        } else if (++sinceBest >= early.patience) {
          stoppedEarly = true;
          stopRequested = true;
        }
      }
    }
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { epochs: history, stoppedEarly: stoppedEarly || (stopRequested && history.length < epochs), samples, seconds, samplesPerSecond: samples / seconds, path: host ? 'host' : 'ops' };

  /** This epoch's sample order: the next of a chunk being replayed one epoch at a time, else a fresh shuffle. */
  function nextOrder(): void {
    if (pending) {
      order.set(pending.orders.subarray(pending.next * x.rows, (pending.next + 1) * x.rows));
      if (++pending.next === pending.count) pending = undefined;
    } else if (options.shuffle ?? true) {
      random.shuffle(order);
    }
  }

  /**
   * Host path, nothing watching single epochs: up to CHUNK_SAMPLES samples' worth of epochs in one
   * generated call, so that a tiny network's epoch (xor: 4 samples) costs no trip through this
   * loop. Returns how many epochs it ran and recorded; 0 when it ran none (fewer than 2 left) or
   * a batch diverged, in which case the chunk's start is put back and its epochs run again one
   * at a time with the same orders, so that the divergence guard names the epoch and batch.
   */
  function runHostChunk(first: number): number {
    const count = Math.min(epochs - first + 1, Math.max(1, Math.floor(CHUNK_SAMPLES / x.rows)));
    if (count < 2) return 0;
    const started = performance.now();
    const orders = new Uint32Array(count * x.rows);
    for (let c = 0; c < count; c++) {
      if (options.shuffle ?? true) random.shuffle(order);
      orders.set(order, c * x.rows);
    }
    const learningRate = optimizer.spec.lr;
    const guard = DivergenceGuard.begin(network, optimizer);
    try {
      const { losses, failedEpoch } = host!.runEpochs({ data: xData, rows: x.rows, cols: x.cols }, { data: yData, cols: y.cols }, orders, count);
      if (failedEpoch === undefined && guard.hostFinite()) {
        const seconds = (performance.now() - started) / 1000 / count;
        for (let c = 0; c < count; c++) history.push({ epoch: first + c, loss: losses[c]!, learningRate, seconds });
        samples += count * x.rows;
        return count;
      }
      guard.restore();
      pending = { orders, next: 0, count };
      return 0;
    } finally {
      guard.dispose();
    }
  }

  /**
   * Per-operation path, nothing watching single epochs and epochs shorter than SPAN_STEPS steps:
   * several epochs under one divergence guard, whose parameter check rides on the last epoch's
   * loss read. Returns how many epochs it ran and recorded; 0 when it ran none (fewer than 2
   * left) or something was not finite, in which case the span's start is put back and the
   * epochs that ran are run again one at a time with the same orders (as runHostChunk does), so
   * that the per-epoch guard names the epoch and batch.
   */
  async function runOpsSpan(first: number): Promise<number> {
    const count = Math.min(epochs - first + 1, Math.ceil(SPAN_STEPS / batches));
    if (count < 2) return 0;
    const started = performance.now();
    const orders = new Uint32Array(count * x.rows);
    const learningRate = optimizer.spec.lr;
    const losses: number[] = [];
    const samplesBefore = samples;
    const guard = DivergenceGuard.begin(network, optimizer);
    try {
      for (let c = 0; c < count; c++) {
        if (options.shuffle ?? true) random.shuffle(order);
        orders.set(order, c * x.rows);
        currentEpoch = first + c;
        const { loss } = await runOpsEpoch(first + c, guard, c === count - 1);
        losses.push(loss);
        if (!Number.isFinite(loss)) break;
      }
      if (losses.length === count && losses.every(Number.isFinite) && guard.hostFinite()) {
        const seconds = (performance.now() - started) / 1000 / count;
        losses.forEach((loss, c) => history.push({ epoch: first + c, loss, learningRate, seconds }));
        return count;
      }
      guard.restore();
      samples = samplesBefore;
      pending = { orders, next: 0, count: losses.length };
      return 0;
    } catch (e) {
      await guard.afterError();
      throw e;
    } finally {
      guard.dispose();
    }
  }

  /** Host path: one epoch; NaN when a batch loss is not finite at the backend's precision. */
  function hostEpoch(epoch: number): number {
    try {
      return host!.runEpoch({ data: xData, rows: x.rows, cols: x.cols }, { data: yData, cols: y.cols }, order, epoch);
    } catch (e) {
      if (e instanceof NonFiniteLossError) return NaN;
      throw e;
    }
  }

  /** Ops path: uploads batch b (0-based) of this epoch's order and trains on it; returns the 1×1 loss (caller owns it). */
  function trainBatch(b: number): Matrix {
    const ops = network.ops;
    const start = b * batchSize;
    const n = Math.min(batchSize, x.rows - start);
    gatherRows(xData, x.cols, order, start, n, xBatch);
    gatherRows(yData, y.cols, order, start, n, yBatch);
    const xm = ops.backend.fromArray(n === batchSize ? xBatch : xBatch.subarray(0, n * x.cols), n, x.cols);
    const ym = ops.backend.fromArray(n === batchSize ? yBatch : yBatch.subarray(0, n * y.cols), n, y.cols);
    const masks = uploadMasks(b, n);
    try {
      return trainStep(network, optimizer, xm, ym, { masks, clip });
    } finally {
      ops.dispose(xm);
      ops.dispose(ym);
      for (const m of masks ?? []) if (m) ops.dispose(m);
    }
  }

  /** Batch b's dropout masks of the current epoch on the backend, or undefined without dropout. */
  function uploadMasks(b: number, n: number): (Matrix | undefined)[] | undefined {
    if (!dropout) return undefined;
    const units = network.layers.map((l) => l.units);
    const arrays = network.layers.map((l) => (l.dropout > 0 ? new Floats(n * l.units) : undefined));
    dropout.drawInto(currentEpoch, b, n, units, arrays);
    return arrays.map((a, l) => (a ? network.ops.backend.fromArray(a, n, units[l]!) : undefined));
  }

  /** The divergence guard's replay of batch b (either path), reading its loss. */
  async function replayBatch(b: number): Promise<{ loss: number; samples: number }> {
    const start = b * batchSize;
    const n = Math.min(batchSize, x.rows - start);
    if (host) return { loss: host.runBatch({ data: xData, rows: x.rows, cols: x.cols }, { data: yData, cols: y.cols }, order, start, n, currentEpoch), samples: n };
    const loss = trainBatch(b);
    try {
      return { loss: await readScalar(network, loss), samples: n };
    } finally {
      network.ops.dispose(loss);
    }
  }

  /** One epoch on the per-operation path; `check`: fold the guard's parameter check into the loss read (default). */
  async function runOpsEpoch(epoch: number, guard: DivergenceGuard, check = true): Promise<{ loss: number; batches: number }> {
    const ops = network.ops;
    const batchLosses: Matrix[] = [];
    let total: Matrix | undefined;
    let seen = 0;
    try {
      for (let b = 0; b < batches; b++) {
        const n = Math.min(batchSize, x.rows - b * batchSize);
        const loss = trainBatch(b);
        batchLosses.push(loss);
        // The epoch loss is the mean over samples: total sums batch means in units of a full
        // batch, so only a short last batch needs weighting (one kernel fewer per step).
        const weighted = n === batchSize ? loss : ops.binaryScalar('mul', loss, n / batchSize);
        if (total) {
          const sum = ops.binary('add', total, weighted);
          ops.dispose(total);
          if (weighted !== loss) ops.dispose(weighted);
          total = sum;
        } else {
          total = weighted === loss ? ops.binaryScalar('mul', loss, 1) : weighted;
        }
        samples += n;
        seen += n;
        if (options.onBatchEnd) {
          const verdict = await options.onBatchEnd({ epoch, batch: b + 1, batches, loss: () => readScalar(network, loss) }, stop);
          if (verdict === false) stopRequested = true;
          if (stopRequested) break;
        }
      }
      // The parameters' finiteness check rides on the one read of the epoch: Σ(p·0) is 0 or NaN
      // (backends without host storage; the others are scanned by the caller).
      const finite = check ? guard.deviceCheck() : undefined;
      const checked = finite ? ops.binary('add', total!, finite) : total!;
      if (finite) ops.dispose(finite);
      try {
        return { loss: ((await readScalar(network, checked)) * batchSize) / seen, batches: batchLosses.length };
      } finally {
        if (checked !== total) ops.dispose(checked);
      }
    } finally {
      if (total) ops.dispose(total);
      for (const m of batchLosses) ops.dispose(m);
    }
  }
}

/** The first `rows` rows of a host matrix. */
function head(m: { data: Float64Array; rows: number; cols: number }, rows: number): { data: Float64Array; rows: number; cols: number } {
  return { data: m.data.subarray(0, rows * m.cols), rows, cols: m.cols };
}

/** The rows from `from` on of a host matrix. */
function tail(m: { data: Float64Array; rows: number; cols: number }, from: number): { data: Float64Array; rows: number; cols: number } {
  return { data: m.data.subarray(from * m.cols), rows: m.rows - from, cols: m.cols };
}

function checkClipping(op: string, options: FitOptions): Clipping | undefined {
  const { clipValue, clipNorm } = options;
  for (const [name, v] of [['clipValue', clipValue], ['clipNorm', clipNorm]] as const) {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new BackpropError(op, `${name} must be a finite number > 0, got ${describeValue(v)}`);
  }
  return clipValue === undefined && clipNorm === undefined ? undefined : { clipValue, clipNorm };
}
