/**
 * A table file as core's Dataset: each epoch the file is streamed from disk again
 * (table-stream.ts), the rows of the chosen part of the held-out split kept (held-out.ts), rows
 * with empty cells dropped where the preprocessing says so, the fitted Preprocessor applied to
 * each chunk, and the rows handed on in batches of `batchSize`, in file order. For a shuffled
 * order wrap it in core's `shuffled(dataset, { bufferSize, seed })`. Memory: one read chunk,
 * its parsed rows, and one batch.
 */
import type { Batch, Dataset } from '@backprop/core';
import { DataError } from '../errors.js';
import { dropIncomplete } from '../missing.js';
import type { Preprocessor, TransformOptions } from '../preprocessor.js';
import { rowCount, type Table } from '../table.js';
import { checkHeldOutSplit, partOf, type HeldOutSplit } from './held-out.js';
import { streamTable, type TableStreamOptions } from './table-stream.js';

export interface StreamedRowsOptions extends TableStreamOptions {
  /** With `part`: keep only that part's rows. */
  readonly split?: HeldOutSplit;
  /** Default 'train' (when a split is given). */
  readonly part?: 'train' | 'test';
  /**
   * Rows with an empty cell in any of these columns are left out (the policy 'drop': the
   * features and the target; any other policy but 'error': the target).
   */
  readonly dropIncompleteIn?: readonly string[];
}

/** The streamed rows of one part of the file, in file order, in chunks (see the module comment). */
export async function* streamedRows(path: string, options: StreamedRowsOptions = {}): AsyncGenerator<Table> {
  if (options.split) checkHeldOutSplit(options.split);
  for await (const chunk of streamTable(path, options)) {
    let rows = options.split ? partOf(chunk, options.split, options.part ?? 'train') : chunk;
    if (options.dropIncompleteIn) rows = dropIncomplete(rows, options.dropIncompleteIn).table;
    if (rowCount(rows) > 0) yield rows;
  }
}

/** Which columns to drop incomplete rows on, for a preprocessor's missing policy. */
export function dropColumnsFor(preprocessor: Preprocessor): readonly string[] | undefined {
  const missing = preprocessor.spec.missing ?? 'error';
  if (missing === 'error') return undefined;
  return missing === 'drop' ? [...preprocessor.featureNames, preprocessor.target] : [preprocessor.target];
}

export interface FileDatasetOptions extends StreamedRowsOptions {
  readonly preprocessor: Preprocessor;
  /** Rows per batch (the last of an epoch may be short). */
  readonly batchSize: number;
  readonly transform?: TransformOptions;
}

/** A table file as a Dataset of preprocessed batches (see the module comment). */
export function fileDataset(path: string, options: FileDatasetOptions): Dataset {
  const { preprocessor, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DataError('fileDataset', `batchSize must be a positive integer, got ${batchSize}`);
  const rowsOptions = { ...options, ...(options.dropIncompleteIn === undefined ? { dropIncompleteIn: dropColumnsFor(preprocessor) } : {}) };
  const inputs = preprocessor.inputSize;
  const outputs = preprocessor.outputSize;
  return {
    async *batches(): AsyncIterable<Batch> {
      let x = new Float64Array(batchSize * inputs);
      let y = new Float64Array(batchSize * outputs);
      let filled = 0;
      for await (const chunk of streamedRows(path, rowsOptions)) {
        const cx = preprocessor.transform(chunk, options.transform).data;
        const cy = preprocessor.transformTarget(chunk).data;
        const n = rowCount(chunk);
        let r = 0;
        while (r < n) {
          const take = Math.min(batchSize - filled, n - r);
          x.set(cx.subarray(r * inputs, (r + take) * inputs), filled * inputs);
          y.set(cy.subarray(r * outputs, (r + take) * outputs), filled * outputs);
          filled += take;
          r += take;
          if (filled === batchSize) {
            yield { x: { data: x, rows: batchSize, cols: inputs }, y: { data: y, rows: batchSize, cols: outputs } };
            // The consumer may keep the batch: fresh arrays for the next.
            x = new Float64Array(batchSize * inputs);
            y = new Float64Array(batchSize * outputs);
            filled = 0;
          }
        }
      }
      if (filled > 0) yield { x: { data: x.subarray(0, filled * inputs), rows: filled, cols: inputs }, y: { data: y.subarray(0, filled * outputs), rows: filled, cols: outputs } };
    },
  };
}
