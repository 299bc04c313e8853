/**
 * The checkpoint format: versioned JSON holding everything a run needs to go on as if it had
 * never stopped. Arrays are the model format's (base64 of little-endian IEEE floats: exact bits);
 * losses and rates are JSON numbers, which round-trip every double exactly.
 *
 * {
 *   "format": "backprop-checkpoint", "version": 1, "savedAt": "...",
 *   "backend": { "name": "js", "engine": "...", "precision": "float32" },
 *   "run": { "network": {...}, "data": { "x": fingerprint, "y": ..., "validation": ... }, "options": {...} },
 *   "position": { "epochsDone": 3, "samples": 1200, "stoppedEarly": false, "scheduleOffset": 0 },
 *   "weights": [{ "w": array, "b": array }, ...],
 *   "optimizer": { "spec": {...}, "step": 120, "slots": [[array, array], ...], "hostSlots": [...] },
 *   "history": [{ "epoch": 1, "loss": 0.69, "learningRate": 0.01, "seconds": 0.1 }, ...],
 *   "earlyStopping": { "best": 0.5, "bestEpoch": 2, "lastEpoch": 3, "sinceBest": 1, "bestWeights": [...] } | null,
 *   "meta": { ... the caller's (the CLI keeps its preprocessing here) }
 * }
 *
 * What is not saved, because it is derived: the shuffle generator's state (the orders of the
 * epochs done are drawn again from the seed, epoch-orders.ts), dropout masks (a function of
 * seed, epoch and batch, dropout.ts) and the validation rows (the split of the same data).
 */
import type { Network } from '../network.js';
import { decode, encode, type SavedArray } from '../model-format.js';
import { ModelFormatError, describeValue } from '../errors.js';
import { overflowLimit } from '../precision.js';
import type { EpochRecord } from '../training/fit-options.js';
import type { EarlyStoppingState } from '../training/early-stopping.js';
import { CheckpointFormatError } from './checkpoint-errors.js';
import { checkSavedOptimizer, type SavedOptimizer } from './optimizer-format.js';
import type { RunRecord } from './run-record.js';

export const CHECKPOINT_FORMAT = 'backprop-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;

export interface CheckpointPosition {
  /** Epochs completed (the resumed run starts with epoch epochsDone + 1). */
  readonly epochsDone: number;
  readonly samples: number;
  /** Early stopping had ended the run: a resume trains nothing more. */
  readonly stoppedEarly: boolean;
  /** Schedule epochs before the run's epoch 1 (continueSchedule). */
  readonly scheduleOffset: number;
}

export interface TrainingCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly savedAt: string;
  readonly backend: { readonly name: string; readonly engine: string; readonly precision: string };
  readonly run: RunRecord;
  readonly position: CheckpointPosition;
  readonly weights: { readonly w: SavedArray; readonly b: SavedArray }[];
  readonly optimizer: SavedOptimizer;
  readonly history: EpochRecord[];
  readonly earlyStopping: (EarlyStoppingState & { readonly bestWeights?: { readonly w: SavedArray; readonly b: SavedArray }[] }) | null;
  readonly meta: Record<string, unknown>;
}

/** A checkpoint loaded and checked, its arrays decoded. */
export interface LoadedCheckpoint {
  readonly checkpoint: TrainingCheckpoint;
  /** W0, b0, W1, b1, … */
  readonly parameters: (Float32Array | Float64Array)[];
  readonly bestWeights: (Float32Array | Float64Array)[] | undefined;
}

export function encodeParameters(values: readonly (Float32Array | Float64Array)[], network: Network): { w: SavedArray; b: SavedArray }[] {
  return network.layers.map((l, i) => ({ w: encode(values[2 * i]!, l.inputs, l.units), b: encode(values[2 * i + 1]!, 1, l.units) }));
}

const fail = (detail: string): never => {
  throw new CheckpointFormatError(detail);
};

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object, got ${describeValue(value)}`);
  return value as Record<string, unknown>;
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(`${where} must be an integer ≥ 0, got ${describeValue(value)}`);
  return value as number;
}

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a finite number, got ${describeValue(value)}`);
  return value as number;
}

/** The arrays of a checkpoint, each checked against `network`'s shapes (a damaged one is named). */
function decodeParameters(value: unknown, where: string, network: Network): (Float32Array | Float64Array)[] {
  if (!Array.isArray(value) || value.length !== network.layers.length) fail(`${where} must list ${network.layers.length} layers, got ${describeValue(value)}`);
  const limit = overflowLimit(network.ops.info.precision);
  return network.layers.flatMap((l, i) => {
    const lw = object((value as unknown[])[i], `${where}[${i}]`);
    return [decodeArray(lw.w, `${where}[${i}].w`, l.inputs, l.units, limit), decodeArray(lw.b, `${where}[${i}].b`, 1, l.units, limit)];
  });
}

function decodeArray(value: unknown, where: string, rows: number, cols: number, limit: number): Float32Array | Float64Array {
  try {
    return decode(value, where, rows, cols, limit);
  } catch (e) {
    if (e instanceof ModelFormatError) fail(e.message.replace(/^loadModel: /, ''));
    throw e;
  }
}

/**
 * Parses and checks a checkpoint's text for `network`; `checkRecord` sees the run's record first
 * (and throws when the network, data or options differ). Throws CheckpointFormatError naming the
 * field for anything malformed, truncated or of another version.
 */
export function parseCheckpoint(text: string, network: Network, checkRecord: (saved: RunRecord) => void): LoadedCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message}): the checkpoint is truncated or damaged`);
  }
  const c = object(parsed, 'checkpoint');
  if (c.format !== CHECKPOINT_FORMAT) fail(`format must be '${CHECKPOINT_FORMAT}', got ${describeValue(c.format)}: not a backprop checkpoint`);
  if (c.version !== CHECKPOINT_FORMAT_VERSION) fail(`version ${describeValue(c.version)} is not supported; this library reads version ${CHECKPOINT_FORMAT_VERSION}`);
  const run = object(c.run, 'run');
  // The network, data and options are compared before any array is decoded against the network.
  checkRecord({ network: run.network, data: object(run.data, 'run.data') as unknown as RunRecord['data'], options: object(run.options, 'run.options') });
  const position = object(c.position, 'position');
  const epochsDone = count(position.epochsDone, 'position.epochsDone');
  count(position.samples, 'position.samples');
  count(position.scheduleOffset, 'position.scheduleOffset');
  if (typeof position.stoppedEarly !== 'boolean') fail(`position.stoppedEarly must be true or false, got ${describeValue(position.stoppedEarly)}`);
  if (!Array.isArray(c.history) || c.history.length !== epochsDone) fail(`history must list ${epochsDone} epochs (position.epochsDone), got ${describeValue(c.history)}`);
  (c.history as unknown[]).forEach((r, i) => {
    const record = object(r, `history[${i}]`);
    if (record.epoch !== i + 1) fail(`history[${i}].epoch must be ${i + 1}, got ${describeValue(record.epoch)}`);
    for (const k of ['loss', 'learningRate', 'seconds']) finite(record[k], `history[${i}].${k}`);
    for (const k of ['valLoss', 'valAccuracy']) if (record[k] !== undefined) finite(record[k], `history[${i}].${k}`);
  });
  const parameters = decodeParameters(c.weights, 'weights', network);
  try {
    checkSavedOptimizer(c.optimizer, network, 'optimizer', 'resume');
  } catch (e) {
    if (e instanceof ModelFormatError) fail(e.message.replace(/^resume: /, ''));
    throw e;
  }
  let bestWeights: (Float32Array | Float64Array)[] | undefined;
  if (c.earlyStopping !== null) {
    const early = object(c.earlyStopping, 'earlyStopping');
    if (early.best !== null) finite(early.best, 'earlyStopping.best');
    for (const k of ['bestEpoch', 'lastEpoch', 'sinceBest']) count(early[k], `earlyStopping.${k}`);
    if (early.bestWeights !== undefined) bestWeights = decodeParameters(early.bestWeights, 'earlyStopping.bestWeights', network);
  }
  if (c.meta !== undefined) object(c.meta, 'meta');
  return { checkpoint: { ...(c as unknown as TrainingCheckpoint), meta: (c.meta as Record<string, unknown> | undefined) ?? {} }, parameters, bestWeights };
}
