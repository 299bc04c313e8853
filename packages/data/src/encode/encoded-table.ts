/**
 * A table encoded for a network, compactly: each numeric feature as its scaled values (8 bytes a
 * row), each categorical feature as the index of its one-hot input (1–2 bytes a row), the target
 * as a class index or a scaled value. The dense matrices (one input per category) are made from
 * it for the rows asked for: all of them (`inputs()`), or a batch at a time (`dataset()`), so a
 * table of tens of millions of rows trains without its one-hot matrix ever being in memory
 * (3.5 M rows × 63 one-hot inputs is 1.7 GiB of float64; encoded it is 93 MiB).
 */
import { Random, type Batch, type Dataset } from '@backprop/core';
import { DataError } from '../errors.js';
import type { Matrix } from '../preprocessor.js';

export type EncodedFeature =
  | { readonly kind: 'numeric'; readonly values: Float64Array }
  /** `inputs[r]` is 1 + the row's category among the feature's `width` inputs; 0: all zeros (an unknown category). */
  | { readonly kind: 'categorical'; readonly inputs: Uint8Array | Uint16Array; readonly width: number };

export type EncodedTarget =
  | { readonly kind: 'classes'; readonly classIndex: Uint8Array | Uint16Array | Uint32Array; readonly classes: number }
  | { readonly kind: 'numeric'; readonly values: Float64Array };

export interface EncodedDatasetOptions {
  /** Rows per batch (the last batch of an epoch may be smaller). */
  readonly batchSize: number;
  /** Each epoch's rows in a seeded random order (a fresh order per epoch); omitted: table order. */
  readonly seed?: number;
  /** Only these rows (indices into the table), e.g. a split's training rows; default all. */
  readonly rows?: ArrayLike<number>;
}

export class EncodedTable {
  /** The network's inputs per row (one per numeric feature, one per category). */
  readonly inputSize: number;

  constructor(
    readonly rows: number,
    readonly features: readonly EncodedFeature[],
    readonly target: EncodedTarget | undefined,
    /** Cells holding a category training never saw, encoded as zeros (see TransformOptions). */
    readonly unknownCategories: number,
  ) {
    this.inputSize = features.reduce((n, f) => n + (f.kind === 'numeric' ? 1 : f.width), 0);
  }

  /** The network's outputs per row: one per class, or one for a regression; 0 without a target. */
  get outputSize(): number {
    if (!this.target) return 0;
    return this.target.kind === 'classes' ? this.target.classes : 1;
  }

  /** Dense inputs, rows × inputSize, of the rows `indices` (all rows, in order, when omitted). */
  inputs(indices?: ArrayLike<number>): Matrix {
    const n = indices ? indices.length : this.rows;
    const cols = this.inputSize;
    const data = new Float64Array(n * cols);
    let offset = 0;
    for (const f of this.features) {
      if (f.kind === 'numeric') {
        const v = f.values;
        if (indices) for (let i = 0; i < n; i++) data[i * cols + offset] = v[indices[i]!]!;
        else for (let i = 0; i < n; i++) data[i * cols + offset] = v[i]!;
        offset += 1;
        continue;
      }
      const inputs = f.inputs;
      // inputs[r] − 1 is the one-hot input: a write of 1 at offset − 1 + inputs[r] (none for 0).
      const base = offset - 1;
      for (let i = 0; i < n; i++) {
        const k = inputs[indices ? indices[i]! : i]!;
        if (k !== 0) data[i * cols + base + k] = 1;
      }
      offset += f.width;
    }
    return { data, rows: n, cols };
  }

  /** Dense targets, rows × outputSize, of the rows `indices` (all when omitted). Throws DataError without a target. */
  targets(indices?: ArrayLike<number>): Matrix {
    const t = this.target;
    if (!t) throw new DataError('encodedTargets', 'this table was encoded without its target column');
    const n = indices ? indices.length : this.rows;
    const cols = this.outputSize;
    const data = new Float64Array(n * cols);
    if (t.kind === 'classes') for (let i = 0; i < n; i++) data[i * cols + t.classIndex[indices ? indices[i]! : i]!] = 1;
    else for (let i = 0; i < n; i++) data[i] = t.values[indices ? indices[i]! : i]!;
    return { data, rows: n, cols };
  }

  /**
   * The rows as a core Dataset (what `fit(network, dataset)` trains on): dense batches made one
   * at a time, each epoch the same for the same epoch number (the divergence guard's replay).
   * Throws DataError without a target, or for a batch size that is not a positive integer.
   */
  dataset(options: EncodedDatasetOptions): Dataset {
    const op = 'encodedDataset';
    const { batchSize, seed } = options;
    if (!this.target) throw new DataError(op, 'this table was encoded without its target column: there is nothing to train towards');
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new DataError(op, `batchSize must be a positive integer, got ${batchSize}`);
    if (seed !== undefined && !Number.isInteger(seed)) throw new DataError(op, `seed must be an integer, got ${seed}`);
    const rows = options.rows ? Uint32Array.from(options.rows) : Uint32Array.from({ length: this.rows }, (_, i) => i);
    for (const r of rows) if (r >= this.rows) throw new DataError(op, `row ${r} is not a row of this table (${this.rows} rows)`);
    return {
      batches: (epoch: number): Iterable<Batch> => this.batchesOf(seed === undefined ? rows : shuffledCopy(rows, seed, epoch), batchSize),
    };
  }

  private *batchesOf(order: Uint32Array, batchSize: number): Iterable<Batch> {
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.subarray(start, Math.min(start + batchSize, order.length));
      yield { x: this.inputs(batch), y: this.targets(batch) };
    }
  }
}

/** The epoch's order: a seeded shuffle, the same for the same seed and epoch. */
function shuffledCopy(rows: Uint32Array, seed: number, epoch: number): Uint32Array {
  const order = rows.slice();
  new Random((seed * 1000003 + epoch) | 0).shuffle(order);
  return order;
}
