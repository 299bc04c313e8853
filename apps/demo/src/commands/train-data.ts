/**
 * What `backprop train` trains on: a built-in dataset (`--dataset`), or a table file
 * (`--data file.csv --target column`, with --task, --features, --categorical, --test-split,
 * --normalize). Problems with the file become exit-code-3 errors naming file, line and column.
 */
import { basename, extname, resolve } from 'node:path';
import { DataError, MISSING_POLICIES, NORMALIZATIONS, TASKS, type MissingPolicy, type Normalization, type Task } from '@backprop/data';
import { DEFAULT_MAX_TABLE_BYTES, readTable } from '@backprop/data/node';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { loadDataset, type Dataset } from '../datasets/index.js';
import { tableDataset } from '../datasets/table-dataset.js';
import { inputError, usageError } from '../errors.js';
import { commaList } from './options.js';

export interface TrainDataFlags {
  readonly dataset?: string;
  readonly data?: string;
  readonly target?: string;
  readonly task?: Task;
  readonly features?: string;
  readonly categorical?: string;
  readonly testSplit?: number;
  readonly normalize?: Normalization;
  readonly missing?: MissingPolicy;
  readonly decimalComma?: boolean;
}

export const DEFAULT_DATASET = 'mnist';

/** --data files larger than this are streamed from disk (../stream/stream-train.ts): the in-memory reader's limit. */
export const STREAM_THRESHOLD_BYTES = DEFAULT_MAX_TABLE_BYTES;

/** Whether `train` streams its --data file: with --stream, or when the file is over STREAM_THRESHOLD_BYTES. */
export function shouldStream(flags: TrainDataFlags & { readonly stream?: boolean }): boolean {
  if (flags.data === undefined) {
    if (flags.stream) throw usageError('--stream applies to --data <file>, not to a built-in dataset');
    return false;
  }
  if (flags.stream) return true;
  try {
    const path = resolve(flags.data);
    // A large file that is not text (NUL bytes in its first 64 KiB) is left to the in-memory
    // reader, which refuses it by its size before reading it.
    return statSync(path).size > STREAM_THRESHOLD_BYTES && looksLikeText(path);
  } catch {
    // The in-memory reader names a missing or unreadable file.
    return false;
  }
}

function looksLikeText(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(65536);
    const n = readSync(fd, head, 0, head.length, 0);
    return n > 0 && !head.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** `--test-split`: a fraction in (0, 1). */
export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new InvalidArgumentError('must be a fraction between 0 and 1, like 0.2.');
  return n;
}

export { MISSING_POLICIES, NORMALIZATIONS, TASKS };

/** Runs `f`, turning a DataError (a bad file) into a CLI input error: exit 3, no stack trace. */
export function withDataErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof DataError) throw inputError(error.message.replace(/^\w+: /, ''));
    throw error;
  }
}

export function loadTrainingData(flags: TrainDataFlags): Dataset {
  const tableOnly = (['target', 'task', 'features', 'categorical', 'testSplit', 'normalize', 'missing', 'decimalComma'] as const).filter((k) => flags[k] !== undefined);
  if (flags.data === undefined) {
    if (tableOnly.length > 0) {
      const flag = `--${tableOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw usageError(`${flag} applies to --data <file>, not to a built-in dataset`, 'train on your own table with --data file.csv --target <column>');
    }
    return loadDataset(flags.dataset ?? DEFAULT_DATASET);
  }
  if (flags.dataset !== undefined) throw usageError('give either --dataset or --data, not both');
  if (flags.target === undefined) throw usageError('--data needs --target <column>: the column to predict');
  const path = resolve(flags.data);
  return withDataErrors(() =>
    tableDataset(readTable(path, { source: flags.data, ...(flags.decimalComma ? { decimalComma: true } : {}) }), {
      name: basename(path, extname(path)),
      description: path,
      target: flags.target!,
      file: path,
      ...(flags.features !== undefined ? { features: commaList(flags.features) } : {}),
      ...(flags.categorical !== undefined ? { categorical: commaList(flags.categorical) } : {}),
      ...(flags.task !== undefined ? { task: flags.task } : {}),
      ...(flags.normalize !== undefined ? { normalize: flags.normalize } : {}),
      ...(flags.missing !== undefined ? { missing: flags.missing } : {}),
      ...(flags.decimalComma ? { decimalComma: true } : {}),
      ...(flags.testSplit !== undefined ? { testFraction: flags.testSplit } : {}),
    }),
  );
}
