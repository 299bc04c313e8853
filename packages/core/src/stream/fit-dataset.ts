/**
 * Training over a Dataset of batches (dataset.ts) instead of matrices in memory: the rows are
 * never all held at once, so a file of any size trains in the memory of one batch (plus the
 * network, and a shuffle buffer when one is used). It reuses fit's parts: the training step
 * (trainStep), the optimizer state, the divergence guard (a non-finite loss or parameter throws
 * NonFiniteLossError / NonFiniteWeightsError naming the epoch and batch, with the parameters and
 * optimizer state of the start of that epoch put back) and the history.
 *
 * It runs the per-operation path (fit's 'ops' path: batch uploaded, trained through backend
 * calls), with the same arithmetic: on the same batches in the same order it gives the same
 * parameters and losses, bit for bit, as `fit(..., { shuffle: false, path: 'ops' })`.
 *
 * What it does not do yet, refused with an error naming the option: validationSplit,
 * validationData, earlyStopping, schedule, checkpoint/resumeFrom, shuffle/seed/batchSize (the
 * dataset decides its batches and their order: see shuffled()), path, and dropout layers.
 */
import type { Matrix } from '../backend.js';
import type { Clipping } from '../clipping.js';
import { toDataMatrix } from '../data.js';
import { DivergenceGuard } from '../divergence-guard.js';
import { BackpropError, describeValue, NonFiniteLossError } from '../errors.js';
import type { Network } from '../network.js';
import { OptimizerState, sgd } from '../optimizers.js';
import { StopSignal } from '../training/epoch-runner.js';
import type { FitOptions, History } from '../training/fit-options.js';
import { HistoryLog } from '../training/history-log.js';
import { trainStep } from '../training/train-step.js';
import { assertStillAlive, claimForTraining, disposedDuringFit, isAlive, isDisposalError } from '../training/training-claim.js';
import type { Batch, Dataset } from './dataset.js';

/** Progress after each batch: cheap and synchronous (a progress bar), no loss read. */
export interface DatasetBatchInfo {
  readonly epoch: number;
  /** 1-based batch of the epoch. */
  readonly batch: number;
  /** Rows trained so far in this epoch. */
  readonly rows: number;
}

export interface DatasetFitOptions extends Pick<FitOptions, 'epochs' | 'optimizer' | 'clipValue' | 'clipNorm' | 'onEpochEnd' | 'signal'> {
  /** Called after every batch (synchronously: keep it cheap). */
  readonly onBatch?: (info: DatasetBatchInfo) => void;
}

/** fit options that training over a Dataset does not support yet, and what to do instead. */
const NOT_YET: Record<string, string> = {
  validationSplit: 'hold rows out while reading (the data package\'s streamed split) and evaluate them after training',
  validationData: 'evaluate after training',
  earlyStopping: 'train epoch by epoch and stop from onEpochEnd',
  schedule: 'set the rate between calls',
  continueSchedule: 'set the rate between calls',
  checkpoint: 'train from matrices for checkpoints',
  resumeFrom: 'train from matrices to resume',
  shuffle: 'the dataset gives its own order: wrap it in shuffled(dataset, { bufferSize, seed })',
  seed: 'the dataset gives its own order: wrap it in shuffled(dataset, { bufferSize, seed })',
  batchSize: 'the dataset gives its batches',
  path: 'a dataset always trains on the per-operation path',
  onBatchEnd: 'use onBatch (progress without a loss read)',
};

const op = 'fitDataset';

/**
 * Trains `network` on the batches of `dataset`, `options.epochs` times over. Returns fit's
 * History (path 'ops'). Throws BackpropError for an unsupported option (named, with what to do
 * instead), a dataset that gives no batches, or a batch of the wrong shape (its epoch and
 * number named); NonFiniteLossError as fit does. One fit at a time per network, as fit.
 */
export async function fitDataset(network: Network, dataset: Dataset, options: DatasetFitOptions): Promise<History> {
  network.assertAlive(op);
  checkOptions(network, dataset, options);
  const release = claimForTraining(network);
  const given = options.optimizer;
  if (given instanceof OptimizerState && given.network !== network) {
    release();
    throw new BackpropError(op, 'the optimizer state was created for another network');
  }
  const optimizer = given instanceof OptimizerState ? given : new OptimizerState(network, given ?? sgd(0.01));
  try {
    return await new DatasetTrainer(network, dataset, options, optimizer).train();
  } finally {
    if (!(given instanceof OptimizerState)) optimizer.dispose();
    release();
  }
}

function checkOptions(network: Network, dataset: Dataset, options: DatasetFitOptions): void {
  if (typeof options !== 'object' || options === null) throw new BackpropError(op, `options must be an object with epochs, got ${describeValue(options)}`);
  if (typeof dataset !== 'object' || dataset === null || typeof dataset.batches !== 'function') throw new BackpropError(op, `dataset must have a batches(epoch) method, got ${describeValue(dataset)}`);
  for (const [key, instead] of Object.entries(NOT_YET)) {
    if ((options as unknown as Record<string, unknown>)[key] !== undefined) throw new BackpropError(op, `${key} is not supported when training from a dataset of batches yet: ${instead}`);
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new BackpropError(op, `epochs must be a positive integer, got ${describeValue(options.epochs)}`);
  for (const name of ['clipValue', 'clipNorm'] as const) {
    const v = options[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new BackpropError(op, `${name} must be a finite number > 0, got ${describeValue(v)}`);
  }
  if (network.layers.some((l) => l.dropout > 0)) throw new BackpropError(op, 'dropout layers are not supported when training from a dataset of batches yet: train from matrices');
}

/** Steps through an iterable, sync or async, one item per call. */
function stepper(iterable: AsyncIterable<Batch> | Iterable<Batch>): () => Promise<IteratorResult<Batch>> {
  if (Symbol.asyncIterator in iterable) {
    const it = iterable[Symbol.asyncIterator]();
    return () => it.next();
  }
  const it = iterable[Symbol.iterator]();
  return () => Promise.resolve(it.next());
}

class DatasetTrainer {
  private readonly stop = new StopSignal();
  private readonly precision: 'float32' | 'float64';
  private readonly clip: Clipping | undefined;

  constructor(
    private readonly network: Network,
    private readonly dataset: Dataset,
    private readonly options: DatasetFitOptions,
    private readonly optimizer: OptimizerState,
  ) {
    this.precision = network.ops.info.precision;
    const { clipValue, clipNorm } = options;
    this.clip = clipValue === undefined && clipNorm === undefined ? undefined : { clipValue, clipNorm };
  }

  async train(): Promise<History> {
    const { network, options } = this;
    const history = new HistoryLog();
    const started = performance.now();
    let samples = 0;
    let interrupted = false;
    let epoch = 1;
    try {
      for (; epoch <= options.epochs && !this.stop.requested; epoch++) {
        assertStillAlive(network, epoch - 1);
        const learningRate = this.optimizer.spec.lr;
        const t0 = performance.now();
        const ran = await this.guardedEpoch(epoch);
        const seconds = (performance.now() - t0) / 1000;
        samples += ran.samples;
        history.addEpoch({ epoch, loss: ran.loss, learningRate, seconds });
        const verdict = await options.onEpochEnd?.({ epoch, loss: ran.loss, learningRate, seconds, samplesPerSecond: ran.samples / seconds }, this.stop.stop);
        if (verdict === false) this.stop.requested = true;
        if (options.signal?.aborted) interrupted = this.stop.requested = true;
      }
      assertStillAlive(network, epoch - 1);
    } catch (e) {
      throw isAlive(network) || isDisposalError(e) ? e : disposedDuringFit(network, epoch - 1, e);
    }
    const seconds = (performance.now() - started) / 1000;
    return history.history({
      stoppedEarly: this.stop.requested && history.length < options.epochs,
      samples,
      seconds,
      samplesPerSecond: samples / seconds,
      path: 'ops',
      ...(interrupted ? { interrupted } : {}),
    });
  }

  /** One epoch under the divergence guard; a non-finite epoch is replayed from the dataset to name the batch. */
  private async guardedEpoch(epoch: number): Promise<{ loss: number; samples: number }> {
    const { network, optimizer } = this;
    const guard = DivergenceGuard.begin(network, optimizer);
    try {
      const ran = await this.runEpoch(epoch, guard);
      assertStillAlive(network, epoch - 1);
      if (Number.isFinite(ran.loss) && guard.hostFinite()) return ran;
      // The same batches again, from the start of the epoch, one loss read each.
      let next: (() => Promise<IteratorResult<Batch>>) | undefined;
      let expected = 0;
      const runBatch = async (b: number): Promise<{ loss: number; samples: number }> => {
        if (b !== expected++) throw new BackpropError(op, `internal: replay asked for batch ${b + 1} out of order`);
        next ??= stepper(this.dataset.batches(epoch));
        const item = await next();
        if (item.done) throw new BackpropError(op, `the dataset gave fewer batches for epoch ${epoch} when asked again (${b}, before ${ran.batches}): a dataset must give the same batches for the same epoch`);
        const loss = this.trainBatch(epoch, b, item.value);
        try {
          return { loss: await this.readScalar(loss), samples: item.value.x.rows };
        } finally {
          network.ops.dispose(loss);
        }
      };
      const loss = await guard.replay(epoch, { batches: ran.batches, runBatch });
      return { loss, samples: ran.samples };
    } catch (e) {
      if (!(e instanceof NonFiniteLossError) && isAlive(network)) await guard.afterError();
      throw e;
    } finally {
      guard.dispose();
    }
  }

  /**
   * The epoch's batches in order; the mean loss over samples summed on the backend as fit's ops
   * path sums it (batch means in units of the first batch's size), read once at the end together
   * with the guard's parameter check.
   */
  private async runEpoch(epoch: number, guard: DivergenceGuard): Promise<{ loss: number; batches: number; samples: number }> {
    const ops = this.network.ops;
    let total: Matrix | undefined;
    let batchSize = 0;
    let seen = 0;
    let batches = 0;
    try {
      for await (const batch of this.dataset.batches(epoch)) {
        const loss = this.trainBatch(epoch, batches, batch);
        const n = batch.x.rows;
        if (batches === 0) batchSize = n;
        batches++;
        seen += n;
        const weighted = n === batchSize ? loss : ops.binaryScalar('mul', loss, n / batchSize);
        if (weighted !== loss) ops.dispose(loss);
        if (total) {
          const sum = ops.binary('add', total, weighted);
          ops.dispose(total);
          ops.dispose(weighted);
          total = sum;
        } else {
          total = weighted;
        }
        this.options.onBatch?.({ epoch, batch: batches, rows: seen });
        if (this.stop.requested) break;
      }
      if (!total) throw new BackpropError(op, `the dataset gave no batches for epoch ${epoch}`);
      const finite = guard.deviceCheck();
      const checked = finite ? ops.binary('add', total, finite) : total;
      if (finite) ops.dispose(finite);
      try {
        return { loss: ((await this.readScalar(checked)) * batchSize) / seen, batches, samples: seen };
      } finally {
        if (checked !== total) ops.dispose(checked);
      }
    } finally {
      if (total) ops.dispose(total);
    }
  }

  /** Checks and uploads one batch (0-based `b` of `epoch`) and trains on it; returns its 1×1 loss (caller owns it). */
  private trainBatch(epoch: number, b: number, batch: Batch): Matrix {
    const { network } = this;
    const what = `epoch ${epoch}, batch ${b + 1}`;
    if (typeof batch !== 'object' || batch === null) throw new BackpropError(op, `${what} must be { x, y }, got ${describeValue(batch)}`);
    // Validated and converted as fit converts its matrices (float64, then the backend's precision).
    const x = toDataMatrix(op, `${what} x`, batch.x, network.inputSize, this.precision);
    const y = toDataMatrix(op, `${what} y`, batch.y, network.outputSize, this.precision);
    if (x.rows !== y.rows) throw new BackpropError(op, `${what}: x and y must have the same number of rows, got ${x.rows} and ${y.rows}`);
    const ops = network.ops;
    const xm = ops.backend.fromArray(this.precision === 'float64' ? x.data : Float32Array.from(x.data), x.rows, x.cols);
    const ym = ops.backend.fromArray(this.precision === 'float64' ? y.data : Float32Array.from(y.data), y.rows, y.cols);
    try {
      return trainStep(network, this.optimizer, xm, ym, { clip: this.clip });
    } finally {
      ops.dispose(xm);
      ops.dispose(ym);
    }
  }

  private async readScalar(m: Matrix): Promise<number> {
    const ops = this.network.ops;
    return (ops.readSync(m) ?? (await ops.read(m)))[0]!;
  }
}
