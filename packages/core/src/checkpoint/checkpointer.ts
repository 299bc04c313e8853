/**
 * fit's side of checkpoints: when one is due, gather the run's state and write it; on resume,
 * read one, refuse it when the run differs, and put its state back into the network and the
 * optimizer. The file work is in file-store.ts (Node's modules taken only when a path is used).
 */
import { BackpropError, describeValue } from '../errors.js';
import type { Network } from '../network.js';
import type { OptimizerState } from '../optimizers.js';
import type { EarlyStopper, EarlyStoppingState } from '../training/early-stopping.js';
import type { EpochRecord } from '../training/fit-options.js';
import { CheckpointFormatError, CheckpointMismatchError } from './checkpoint-errors.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, encodeParameters, parseCheckpoint, type CheckpointPosition, type TrainingCheckpoint } from './checkpoint-format.js';
import { readCheckpointFile, writeCheckpointFile } from './file-store.js';
import { restoreOptimizerState, saveOptimizerState } from './optimizer-format.js';
import { recordDifferences, type RunRecord } from './run-record.js';

/** fit's `checkpoint` option. */
export interface CheckpointOptions {
  /** The file (Node). Written atomically: a kill at any instant leaves the previous checkpoint whole. */
  readonly path: string;
  /**
   * When to write, checked at the end of every epoch: every `epochs` epochs (counted from the
   * run's epoch 1), or when `seconds` have passed since the last write. Default every epoch.
   * A checkpoint is also written when training ends (all epochs, early stopping, a stop, `signal`).
   */
  readonly every?: { readonly epochs: number } | { readonly seconds: number };
  /** The caller's data saved with each checkpoint (and given back by readCheckpointMeta); a function is called at each write. */
  readonly meta?: Record<string, unknown> | (() => Record<string, unknown>);
}

export interface CheckpointPlan {
  readonly path: string;
  readonly everyEpochs?: number;
  readonly everySeconds?: number;
  readonly meta?: CheckpointOptions['meta'];
}

/** Checks fit's `checkpoint` option. */
export function checkpointPlan(value: unknown): CheckpointPlan | undefined {
  if (value === undefined) return undefined;
  const op = 'fit';
  if (typeof value !== 'object' || value === null) throw new BackpropError(op, `checkpoint must be { path, every? }, got ${describeValue(value)}`);
  const c = value as Partial<CheckpointOptions>;
  if (typeof c.path !== 'string' || c.path === '') throw new BackpropError(op, `checkpoint.path must be a file path, got ${describeValue(c.path)}`);
  const every = c.every ?? { epochs: 1 };
  if (typeof every !== 'object' || every === null) throw new BackpropError(op, `checkpoint.every must be { epochs } or { seconds }, got ${describeValue(every)}`);
  const meta = c.meta;
  if (meta !== undefined && typeof meta !== 'function' && (typeof meta !== 'object' || meta === null)) throw new BackpropError(op, `checkpoint.meta must be an object or a function, got ${describeValue(meta)}`);
  if ('epochs' in every) {
    if (!Number.isInteger(every.epochs) || every.epochs < 1) throw new BackpropError(op, `checkpoint.every.epochs must be a positive integer, got ${describeValue(every.epochs)}`);
    return { path: c.path, everyEpochs: every.epochs, meta };
  }
  if ('seconds' in every && typeof every.seconds === 'number' && Number.isFinite(every.seconds) && every.seconds >= 0) return { path: c.path, everySeconds: every.seconds, meta };
  throw new BackpropError(op, `checkpoint.every must be { epochs: n } or { seconds: s } (s ≥ 0), got ${describeValue(every)}`);
}


/** Where the run stands at the end of an epoch. */
export interface RunProgress {
  readonly network: Network;
  readonly optimizer: OptimizerState;
  readonly position: CheckpointPosition;
  readonly history: EpochRecord[];
  readonly early: EarlyStopper | undefined;
}

export class Checkpointer {
  private lastWrite = performance.now();

  constructor(
    private readonly plan: CheckpointPlan,
    private readonly run: RunRecord,
  ) {}

  /** Whether a checkpoint is due after the run's epoch `epoch`. */
  due(epoch: number): boolean {
    const { everyEpochs, everySeconds } = this.plan;
    if (everyEpochs !== undefined) return epoch % everyEpochs === 0;
    return (performance.now() - this.lastWrite) / 1000 >= everySeconds!;
  }

  async write(progress: RunProgress): Promise<void> {
    const text = JSON.stringify(await checkpointOf(progress, this.run, this.plan.meta));
    await writeCheckpointFile(this.plan.path, text);
    this.lastWrite = performance.now();
  }
}

async function checkpointOf(progress: RunProgress, run: RunRecord, meta: CheckpointPlan['meta']): Promise<TrainingCheckpoint> {
  const { network, optimizer, early } = progress;
  const info = network.ops.info;
  const parameters = (await network.getWeights()).flatMap((l) => [l.w, l.b]);
  const best = early?.bestWeightsCopy;
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    savedAt: new Date().toISOString(),
    backend: { name: info.name, engine: info.engine, precision: info.precision },
    run,
    position: progress.position,
    weights: encodeParameters(parameters, network),
    optimizer: await saveOptimizerState(optimizer),
    history: progress.history,
    earlyStopping: early ? { ...early.state(), ...(best ? { bestWeights: encodeParameters(await best.values(), network) } : {}) } : null,
    meta: typeof meta === 'function' ? meta() : (meta ?? {}),
  };
}

/** A run's state read back from a checkpoint, already put into the network and optimizer. */
export interface ResumedRun {
  readonly position: CheckpointPosition;
  readonly history: EpochRecord[];
  readonly early: EarlyStoppingState | undefined;
  readonly bestWeights: (Float32Array | Float64Array)[] | undefined;
  readonly meta: Record<string, unknown>;
}

/**
 * Reads the checkpoint at `path`, refuses it when `run` differs (CheckpointMismatchError) or it
 * is damaged (CheckpointFormatError), and puts its parameters and optimizer state back.
 */
export async function resumeRun(path: string, network: Network, optimizer: OptimizerState, run: RunRecord, epochs: number): Promise<ResumedRun> {
  const text = await readCheckpointFile(path);
  const loaded = parseCheckpoint(text, network, (saved) => {
    const differences = recordDifferences(saved, run);
    if (differences.length > 0) throw new CheckpointMismatchError(differences);
  });
  const c = loaded.checkpoint;
  if (c.position.epochsDone > epochs) throw new BackpropError('resume', `the checkpoint has ${c.position.epochsDone} epochs done, more than epochs ${epochs}; ask for at least ${c.position.epochsDone}`);
  network.layers.forEach((_, i) => network.setLayerWeights(i, loaded.parameters[2 * i]!, loaded.parameters[2 * i + 1]!));
  restoreOptimizerState(optimizer, c.optimizer, 'optimizer', 'resume');
  const early = c.earlyStopping ? { best: c.earlyStopping.best, bestEpoch: c.earlyStopping.bestEpoch, lastEpoch: c.earlyStopping.lastEpoch, sinceBest: c.earlyStopping.sinceBest } : undefined;
  return { position: c.position, history: c.history, early, bestWeights: loaded.bestWeights, meta: c.meta };
}

/** The caller's `meta` of the checkpoint at `path` (Node), checked as a checkpoint: what a CLI needs before it can rebuild its run. */
export async function readCheckpointMeta(path: string): Promise<Record<string, unknown>> {
  const text = await readCheckpointFile(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CheckpointFormatError(`not valid JSON (${(e as Error).message}): the checkpoint is truncated or damaged`);
  }
  const c = parsed as Partial<TrainingCheckpoint> | null;
  if (typeof c !== 'object' || c === null || c.format !== CHECKPOINT_FORMAT) throw new CheckpointFormatError(`format must be '${CHECKPOINT_FORMAT}', got ${describeValue(c?.format)}: not a backprop checkpoint`);
  if (c.version !== CHECKPOINT_FORMAT_VERSION) throw new CheckpointFormatError(`version ${describeValue(c.version)} is not supported; this library reads version ${CHECKPOINT_FORMAT_VERSION}`);
  return typeof c.meta === 'object' && c.meta !== null ? c.meta : {};
}
