/**
 * Sums and maxima along an axis. Axis 0 (over the rows, giving [1, cols]) walks the matrix row
 * by row into a row of accumulators, so its inner loop is contiguous like every other one here.
 * Sums accumulate in double precision whatever the storage precision.
 */
import type { Axis, ReduceOp } from '@backprop/core';
import type { FloatArray } from '../storage.js';

export function reduceInto(op: ReduceOp, a: FloatArray, rows: number, cols: number, axis: Axis, out: FloatArray): void {
  if (axis === 0) {
    const acc = new Float64Array(cols);
    for (let j = 0; j < cols; j++) acc[j] = a[j]!;
    for (let r = 1; r < rows; r++) {
      const o = r * cols;
      if (op === 'sum') for (let j = 0; j < cols; j++) acc[j] = acc[j]! + a[o + j]!;
      else for (let j = 0; j < cols; j++) acc[j] = Math.max(acc[j]!, a[o + j]!);
    }
    for (let j = 0; j < cols; j++) out[j] = acc[j]!;
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let v = a[o]!;
    if (op === 'sum') for (let j = 1; j < cols; j++) v += a[o + j]!;
    else for (let j = 1; j < cols; j++) v = Math.max(v, a[o + j]!);
    out[r] = v;
  }
}
