/**
 * The matmul inner kernel: C[i, j] = Σ_k A[i, k] · Bt[j, k] for a block of rows and columns of C,
 * with A (m×k) and Bt (n×k) already packed row-major into Float64 scratch (see pack.ts). Both
 * operands are then read contiguously along k, the only loop that runs long, and a 4×4 block of
 * C lives in sixteen local accumulators: each pair of loaded values feeds four multiply-adds.
 * Reading Float64 instead of Float32 saves a conversion per load (measured about 10% faster).
 *
 * This function must stay self-contained (no imports, no helpers): the worker threads run its
 * source text (see ../threads/worker-source.ts), so what it references must be inside it.
 */
export function matmulBlock(
  a: Float64Array,
  bt: Float64Array,
  c: Float32Array | Float64Array,
  n: number,
  k: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
): void {
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    let j = j0;
    for (; j + 3 < j1; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = bt[b0 + p]!, y1 = bt[b1 + p]!, y2 = bt[b2 + p]!, y3 = bt[b3 + p]!;
        let x = a[a0 + p]!;
        s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
        x = a[a1 + p]!;
        s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
        x = a[a2 + p]!;
        s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
        x = a[a3 + p]!;
        s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
      }
      let o = i * n + j;
      c[o] = s00; c[o + 1] = s01; c[o + 2] = s02; c[o + 3] = s03;
      o += n;
      c[o] = s10; c[o + 1] = s11; c[o + 2] = s12; c[o + 3] = s13;
      o += n;
      c[o] = s20; c[o + 1] = s21; c[o + 2] = s22; c[o + 3] = s23;
      o += n;
      c[o] = s30; c[o + 1] = s31; c[o + 2] = s32; c[o + 3] = s33;
    }
    // Columns left over from the 4-wide blocks: a 4×1 block.
    for (; j < j1; j++) {
      const b0 = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const y = bt[b0 + p]!;
        s0 += a[a0 + p]! * y; s1 += a[a1 + p]! * y; s2 += a[a2 + p]! * y; s3 += a[a3 + p]! * y;
      }
      const o = i * n + j;
      c[o] = s0; c[o + n] = s1; c[o + 2 * n] = s2; c[o + 3 * n] = s3;
    }
  }
  // Rows left over from the 4-high blocks: 1×4 blocks, then single dot products.
  for (; i < i1; i++) {
    const a0 = i * k;
    let j = j0;
    for (; j + 3 < j1; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[a0 + p]!;
        s0 += x * bt[b0 + p]!; s1 += x * bt[b1 + p]!; s2 += x * bt[b2 + p]!; s3 += x * bt[b3 + p]!;
      }
      const o = i * n + j;
      c[o] = s0; c[o + 1] = s1; c[o + 2] = s2; c[o + 3] = s3;
    }
    for (; j < j1; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p]! * bt[b0 + p]!;
      c[i * n + j] = s;
    }
  }
}

/**
 * One thread's part of a shared matmul: it claims chunks of C's rows (or columns) from a shared
 * counter until none are left, so a thread that the OS slows down (a busy machine) simply ends
 * up with fewer chunks instead of holding everyone up. Every element is computed by the same
 * sequence of operations whichever thread claims it: results do not depend on the split.
 * Self-contained like matmulBlock (it calls only matmulBlock, which the worker defines too).
 */
export function matmulShare(
  a: Float64Array,
  bt: Float64Array,
  c: Float32Array | Float64Array,
  m: number,
  n: number,
  k: number,
  byRows: boolean,
  chunk: number,
  counter: Int32Array,
  counterIndex: number,
): void {
  const length = byRows ? m : n;
  for (;;) {
    const start = Atomics.add(counter, counterIndex, chunk);
    if (start >= length) return;
    const end = Math.min(length, start + chunk);
    if (byRows) matmulBlock(a, bt, c, n, k, start, end, 0, n);
    else matmulBlock(a, bt, c, n, k, 0, m, start, end);
  }
}
