/**
 * Packing an operand into Float64 scratch, row-major, in the layout the kernel wants.
 * A transposed read goes through 32×32 tiles so that both the reads and the writes stay within
 * a few cache lines at a time instead of striding across the whole matrix.
 */
import type { FloatArray } from '../storage.js';

const TILE = 32;

/**
 * Writes into `dst` the rows×cols matrix that `src` holds either as rows×cols row-major
 * (`transposed` false: a widening copy) or as cols×rows row-major (`transposed` true).
 */
export function packRowMajor(dst: Float64Array, src: FloatArray, rows: number, cols: number, transposed: boolean): void {
  const length = rows * cols;
  if (!transposed) {
    for (let i = 0; i < length; i++) dst[i] = src[i]!;
    return;
  }
  // src[c * rows + r] is element (r, c).
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const out = r * cols;
        for (let c = c0; c < c1; c++) dst[out + c] = src[c * rows + r]!;
      }
    }
  }
}
