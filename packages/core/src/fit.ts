/**
 * Training: mini-batch gradient descent over host data, with seeded shuffling, validation,
 * callbacks, early stopping and a NaN/Inf guard.
 *
 * Readbacks: a training step reads nothing back. Each batch's loss stays on the backend as a
 * 1×1 handle; the epoch's losses are summed there and read once per epoch. Only if that sum is
 * not finite are the single batch losses read, to name the batch where it went wrong. Backends
 * with host storage (hostArray) train small networks through core's fused host path instead,
 * which checks every batch as it goes.
 */
import type { Matrix } from './backend.js';
import { gatherRows, toDataMatrix, type DataInput } from './data.js';
import { BackpropError, describeValue, NonFiniteLossError } from './errors.js';
import { evaluateMatrices, type Evaluation } from './evaluate.js';
import { HostTrainer } from './host-step.js';
import type { Network } from './network.js';
import { OptimizerState, sgd, type OptimizerSpec } from './optimizers.js';
import { Random } from './random.js';

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
  readonly earlyStopping?: EarlyStopping;
  /** 'auto' (default) uses core's fused host path where the backend allows it; 'ops' forces the per-operation path. */
  readonly path?: 'auto' | 'ops';
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
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

function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new BackpropError(op, `${name} must be a positive integer, got ${describeValue(v)}`);
  }
  return v;
}

/** One gradient-descent step on a batch already on the backend. Returns the 1×1 batch loss (caller owns it). */
export function trainStep(network: Network, optimizer: OptimizerState, x: Matrix, y: Matrix): Matrix {
  const grads = network.gradients(x, y);
  optimizer.apply(grads);
  for (const m of grads.dW) network.ops.dispose(m);
  for (const m of grads.db) network.ops.dispose(m);
  return grads.loss;
}

/** Copies of every parameter handle, to restore after a divergence. */
function snapshot(network: Network): Matrix[] {
  return network.layers.flatMap((l) => [network.ops.binaryScalar('mul', l.w, 1), network.ops.binaryScalar('mul', l.b, 1)]);
}

function restore(network: Network, saved: Matrix[]): void {
  network.layers.forEach((l, i) => {
    network.ops.dispose(l.w);
    network.ops.dispose(l.b);
    l.w = saved[2 * i]!;
    l.b = saved[2 * i + 1]!;
  });
}

function disposeAll(network: Network, ms: Matrix[]): void {
  for (const m of ms) network.ops.dispose(m);
}

async function readScalar(network: Network, m: Matrix): Promise<number> {
  const v = network.ops.readSync(m) ?? (await network.ops.read(m));
  return v[0]!;
}

/**
 * Trains `network` on (x, y). On a non-finite loss it throws NonFiniteLossError naming the epoch
 * and batch, after restoring the weights the network had at the start of that epoch.
 */
export async function fit(network: Network, xInput: DataInput, yInput: DataInput, options: FitOptions): Promise<History> {
  const op = 'fit';
  network.assertAlive(op);
  if (typeof options !== 'object' || options === null) throw new BackpropError(op, `options must be an object with epochs, got ${describeValue(options)}`);
  const epochs = positiveInt(op, 'epochs', options.epochs);
  const x = toDataMatrix(op, 'x', xInput, network.inputSize);
  const y = toDataMatrix(op, 'y', yInput, network.outputSize);
  if (x.rows !== y.rows) throw new BackpropError(op, `x and y must have the same number of rows, got ${x.rows} and ${y.rows}`);
  const batchSize = Math.min(positiveInt(op, 'batchSize', options.batchSize ?? 32), x.rows);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new BackpropError(op, `seed must be an integer, got ${describeValue(seed)}`);
  const validation = options.validationData
    ? {
        x: toDataMatrix(op, 'validationData x', options.validationData[0], network.inputSize),
        y: toDataMatrix(op, 'validationData y', options.validationData[1], network.outputSize),
      }
    : undefined;
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
  const host = options.path !== 'ops' && !options.onBatchEnd ? HostTrainer.tryCreate(network, optimizer, batchSize) : undefined;

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
      const epochStart = performance.now();
      if (options.shuffle ?? true) random.shuffle(order);
      const saved = snapshot(network);
      let epochLoss: number;
      try {
        if (host) {
          epochLoss = host.runEpoch({ data: xData, rows: x.rows, cols: x.cols }, { data: yData, cols: y.cols }, order, epoch);
          samples += x.rows;
        } else {
          epochLoss = await runOpsEpoch(epoch);
        }
      } catch (e) {
        if (e instanceof NonFiniteLossError) {
          restore(network, saved);
          throw e;
        }
        disposeAll(network, saved);
        throw e;
      }
      disposeAll(network, saved);
      const seconds = (performance.now() - epochStart) / 1000;
      const valuation = validation ? await evaluateMatrices(network, validation.x, validation.y) : undefined;
      history.push({ epoch, loss: epochLoss, valLoss: valuation?.loss, valAccuracy: valuation?.accuracy, seconds });
      const verdict = await options.onEpochEnd?.({ epoch, loss: epochLoss, validation: valuation, seconds, samplesPerSecond: x.rows / seconds }, stop);
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

  async function runOpsEpoch(epoch: number): Promise<number> {
    const ops = network.ops;
    const batchLosses: Matrix[] = [];
    let total: Matrix | undefined;
    let seen = 0;
    try {
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const n = Math.min(batchSize, x.rows - start);
        gatherRows(xData, x.cols, order, start, n, xBatch);
        gatherRows(yData, y.cols, order, start, n, yBatch);
        const xm = ops.backend.fromArray(n === batchSize ? xBatch : xBatch.subarray(0, n * x.cols), n, x.cols);
        const ym = ops.backend.fromArray(n === batchSize ? yBatch : yBatch.subarray(0, n * y.cols), n, y.cols);
        let loss: Matrix;
        try {
          loss = trainStep(network, optimizer, xm, ym);
        } finally {
          ops.dispose(xm);
          ops.dispose(ym);
        }
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
      const epochLoss = ((await readScalar(network, total!)) * batchSize) / seen;
      if (!Number.isFinite(epochLoss)) {
        for (let b = 0; b < batchLosses.length; b++) {
          const v = await readScalar(network, batchLosses[b]!);
          if (!Number.isFinite(v)) throw new NonFiniteLossError(epoch, b + 1, v);
        }
        throw new NonFiniteLossError(epoch, batchLosses.length, epochLoss);
      }
      return epochLoss;
    } finally {
      if (total) ops.dispose(total);
      for (const m of batchLosses) ops.dispose(m);
    }
  }
}
