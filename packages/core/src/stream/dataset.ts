/**
 * A dataset of batches: what fitDataset trains on when the rows do not fit in memory (a file
 * streamed from disk, rows made on the fly). Like tf.data's Dataset, it is asked once per epoch
 * for its batches, in order; it must give the same batches for the same epoch each time it is
 * asked (the divergence guard replays an epoch that went wrong to name the batch).
 */
import type { DataMatrix } from '../data.js';

/** One batch: `x` rows × inputs, `y` rows × outputs, the same number of rows. */
export interface Batch {
  readonly x: DataMatrix;
  readonly y: DataMatrix;
}

export interface Dataset {
  /**
   * The batches of epoch `epoch` (1-based), in training order. Called once per epoch (and again
   * for an epoch the divergence guard replays); the same epoch must give the same batches.
   */
  batches(epoch: number): AsyncIterable<Batch> | Iterable<Batch>;
}

/** Whether `value` looks like a Dataset (an object with a batches method) rather than matrices. */
export function isDataset(value: unknown): value is Dataset {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { batches?: unknown }).batches === 'function';
}

/**
 * In-memory rows as a Dataset: consecutive batches of `batchSize` rows in row order (the last
 * may be short). For tests and for code that has matrices but wants one training loop.
 */
export function matrixDataset(x: DataMatrix, y: DataMatrix, batchSize: number): Dataset {
  return {
    *batches(): Iterable<Batch> {
      for (let start = 0; start < x.rows; start += batchSize) {
        const n = Math.min(batchSize, x.rows - start);
        yield { x: rowsOf(x, start, n), y: rowsOf(y, start, n) };
      }
    },
  };
}

function rowsOf(m: DataMatrix, start: number, n: number): DataMatrix {
  const data = m.data;
  const slice = 'subarray' in data ? data.subarray(start * m.cols, (start + n) * m.cols) : data.slice(start * m.cols, (start + n) * m.cols);
  return { data: slice, rows: n, cols: m.cols };
}
