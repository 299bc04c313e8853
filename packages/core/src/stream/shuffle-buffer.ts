/**
 * tf.data's `shuffle(bufferSize, seed)` over a dataset's rows: a buffer of `bufferSize` rows is
 * filled from the stream; then each row that arrives takes the place of a row drawn at random
 * from the buffer, which is emitted; at the end the buffer is emitted in random order. Memory:
 * the buffer (bufferSize × (inputs + outputs) doubles), whatever the size of the data. A row
 * can move at most bufferSize places earlier, so a buffer smaller than the data gives a partial
 * shuffle (a file sorted by class needs a buffer about the size of the file to mix well).
 *
 * Deterministic: the draws come from core's seeded Random, seeded by (seed, epoch), so a seed
 * gives the same order every run, and each epoch its own order.
 */
import { BackpropError, describeValue } from '../errors.js';
import { Random } from '../random.js';
import type { Batch, Dataset } from './dataset.js';

export interface ShuffleOptions {
  /** Rows held in the buffer (a positive integer). */
  readonly bufferSize: number;
  /** Integer seed; epoch e draws from Random(seed·1000003 + e). */
  readonly seed: number;
  /** Rows per emitted batch; default the size of the source's first batch. */
  readonly batchSize?: number;
}

/** `source` with its rows shuffled through a seeded buffer, re-batched (see the module comment). */
export function shuffled(source: Dataset, options: ShuffleOptions): Dataset {
  const { bufferSize, seed } = options;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new BackpropError('shuffled', `bufferSize must be a positive integer, got ${describeValue(bufferSize)}`);
  if (!Number.isInteger(seed)) throw new BackpropError('shuffled', `seed must be an integer, got ${describeValue(seed)}`);
  if (options.batchSize !== undefined && !(Number.isInteger(options.batchSize) && options.batchSize >= 1)) {
    throw new BackpropError('shuffled', `batchSize must be a positive integer, got ${describeValue(options.batchSize)}`);
  }
  return {
    async *batches(epoch: number): AsyncIterable<Batch> {
      const random = new Random((seed * 1000003 + epoch) | 0);
      let xCols = 0;
      let yCols = 0;
      let bx = new Float64Array(0);
      let by = new Float64Array(0);
      let held = 0;
      let batchSize = options.batchSize ?? 0;
      let ox = new Float64Array(0);
      let oy = new Float64Array(0);
      let out = 0;
      const emitRow = (from: Float64Array, fromY: Float64Array, r: number): Batch | undefined => {
        ox.set(from.subarray(r * xCols, (r + 1) * xCols), out * xCols);
        oy.set(fromY.subarray(r * yCols, (r + 1) * yCols), out * yCols);
        out++;
        if (out < batchSize) return undefined;
        out = 0;
        return { x: { data: ox.slice(), rows: batchSize, cols: xCols }, y: { data: oy.slice(), rows: batchSize, cols: yCols } };
      };
      for await (const batch of source.batches(epoch)) {
        if (bx.length === 0) {
          xCols = batch.x.cols;
          yCols = batch.y.cols;
          batchSize ||= batch.x.rows;
          bx = new Float64Array(bufferSize * xCols);
          by = new Float64Array(bufferSize * yCols);
          ox = new Float64Array(batchSize * xCols);
          oy = new Float64Array(batchSize * yCols);
        }
        if (batch.x.cols !== xCols || batch.y.cols !== yCols || batch.x.rows !== batch.y.rows) {
          throw new BackpropError('shuffled', `every batch must have ${xCols} x columns, ${yCols} y columns and as many x rows as y rows, got ${batch.x.rows}×${batch.x.cols} and ${batch.y.rows}×${batch.y.cols}`);
        }
        const one = new Float64Array(xCols);
        const oneY = new Float64Array(yCols);
        for (let r = 0; r < batch.x.rows; r++) {
          for (let c = 0; c < xCols; c++) one[c] = batch.x.data[r * xCols + c]!;
          for (let c = 0; c < yCols; c++) oneY[c] = batch.y.data[r * yCols + c]!;
          if (held < bufferSize) {
            bx.set(one, held * xCols);
            by.set(oneY, held * yCols);
            held++;
            continue;
          }
          // tf.data: draw a slot, emit what it holds, put the new row in its place.
          const j = Math.floor(random.next() * bufferSize);
          const done = emitRow(bx, by, j);
          bx.set(one, j * xCols);
          by.set(oneY, j * yCols);
          if (done) yield done;
        }
      }
      // The end: the buffer in random order (a partial Fisher–Yates draw, one row at a time).
      while (held > 0) {
        const j = Math.floor(random.next() * held);
        const done = emitRow(bx, by, j);
        held--;
        bx.copyWithin(j * xCols, held * xCols, (held + 1) * xCols);
        by.copyWithin(j * yCols, held * yCols, (held + 1) * yCols);
        if (done) yield done;
      }
      if (out > 0) yield { x: { data: ox.slice(0, out * xCols), rows: out, cols: xCols }, y: { data: oy.slice(0, out * yCols), rows: out, cols: yCols } };
    },
  };
}
