// Matrix product C = op(A)·op(B) in float32 with 128-bit SIMD, after GotoBLAS/BLIS: op(B) is
// packed once into panels of NR columns (k rows × NR floats each, zero-padded), op(A) is packed
// per MR-row strip and K block into the calling thread's scratch (kc × MR floats), and an MR×NR
// register tile of accumulators runs over the K block. Packing is where the transposes go: the
// micro-kernel only ever sees the two packed layouts, so all four transpose cases share it.
// Threads split the rows of C (matmulRows takes a row range); every thread reads the same packed B.

/**
 * Rows of the register tile. 4×8 keeps 8 accumulators, 2 B vectors and a broadcast A value in
 * 11 of x64's 16 vector registers; a 6×8 tile (15 registers) made V8 spill and ran at half the
 * speed (measured: 57 vs 29 GFLOP/s per CPU-second at 512³).
 */
export const MR: i32 = 4;
/** Columns of the register tile: two f32x4 vectors. */
export const NR: i32 = 8;
/** Depth of a K block: an A strip (KC × MR floats) stays in L1 while the B panels stream past. */
export const KC: i32 = 256;
/** Panels of B per column block: a KC × (8·NC_PANELS) block of packed B (256 KiB) stays in L2 while every A strip sweeps it. */
export const NC_PANELS: i32 = 32;

/** This instance's scratch (per thread): a packed A strip, then an MR×NR edge tile. */
let scratchBase: usize = 0;

export function setScratch(ptr: usize): void {
  scratchBase = ptr;
}

/** Bytes of scratch one thread needs. */
export function scratchBytes(): i32 {
  return (KC * MR + MR * NR) * 4 + 64;
}

/** Floats that packB writes for a k×n op(B). */
export function packedBFloats(k: i32, n: i32): i32 {
  return ((n + NR - 1) / NR) * NR * k;
}

/**
 * Packs op(B) (k×n) into panels for panels [start, end): panel jp holds, for each p < k, the NR
 * floats op(B)[p][jp·NR .. jp·NR+NR) (zero past n). transB: B is stored n×k, else k×n.
 */
export function packB(start: i32, end: i32, b: usize, transB: i32, dst: usize, k: i32, n: i32): void {
  for (let jp = start; jp < end; jp++) {
    const j0 = jp * NR;
    const panel = dst + (<usize>jp * <usize>k * NR) * 4;
    const width = min(NR, n - j0);
    if (!transB) {
      if (width == NR) {
        for (let p = 0; p < k; p++) {
          const src = b + (<usize>p * <usize>n + <usize>j0) * 4;
          const d = panel + <usize>p * NR * 4;
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < k; p++) {
          const src = b + (<usize>p * <usize>n + <usize>j0) * 4;
          const d = panel + <usize>p * NR * 4;
          for (let jj = 0; jj < NR; jj++) store<f32>(d + <usize>jj * 4, jj < width ? load<f32>(src + <usize>jj * 4) : 0);
        }
      }
    } else {
      // B is n×k: row j of B is column j of op(B). Four columns at a time, transposed 4×4 in registers.
      let p = 0;
      if (width == NR) {
        for (; p + 4 <= k; p += 4) {
          for (let half = 0; half < 2; half++) {
            const r = b + (<usize>(j0 + half * 4) * <usize>k + <usize>p) * 4;
            const rs = <usize>k * 4;
            const x0 = v128.load(r);
            const x1 = v128.load(r + rs);
            const x2 = v128.load(r + 2 * rs);
            const x3 = v128.load(r + 3 * rs);
            const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
            const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
            const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
            const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
            const d = panel + (<usize>p * NR + <usize>half * 4) * 4;
            v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
            v128.store(d + NR * 4, i64x2.shuffle(t0, t1, 1, 3));
            v128.store(d + 2 * NR * 4, i64x2.shuffle(t2, t3, 0, 2));
            v128.store(d + 3 * NR * 4, i64x2.shuffle(t2, t3, 1, 3));
          }
        }
      }
      for (; p < k; p++) {
        const d = panel + <usize>p * NR * 4;
        for (let jj = 0; jj < NR; jj++) {
          store<f32>(d + <usize>jj * 4, jj < width ? load<f32>(b + (<usize>(j0 + jj) * <usize>k + <usize>p) * 4) : 0);
        }
      }
    }
  }
}

/** Packs op(A)[i0 .. i0+MR)[p0 .. p0+kc) as kc groups of MR floats (zero past m) into dst. transA: A is stored k×m. */
@inline
function packA(a: usize, transA: i32, m: i32, k: i32, i0: i32, p0: i32, kc: i32, dst: usize): void {
  const height = min(MR, m - i0);
  if (transA) {
    // Column i of op(A) is row i of A's transpose: MR consecutive floats of one stored row per p.
    for (let p = 0; p < kc; p++) {
      const src = a + (<usize>(p0 + p) * <usize>m + <usize>i0) * 4;
      const d = dst + <usize>p * MR * 4;
      if (height == MR) {
        v128.store(d, v128.load(src));
      } else {
        for (let ii = 0; ii < MR; ii++) store<f32>(d + <usize>ii * 4, ii < height ? load<f32>(src + <usize>ii * 4) : 0);
      }
    }
  } else if (height == MR) {
    // Four rows of A, four columns at a time: a 4×4 block transposed in registers is exactly the
    // packed layout of four consecutive p (MR = 4 floats each).
    const r0 = a + (<usize>i0 * <usize>k + <usize>p0) * 4;
    const rs = <usize>k * 4;
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      const src = r0 + <usize>p * 4;
      const x0 = v128.load(src);
      const x1 = v128.load(src + rs);
      const x2 = v128.load(src + 2 * rs);
      const x3 = v128.load(src + 3 * rs);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d = dst + <usize>p * MR * 4;
      v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
      v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
      v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32);
      v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
    }
    for (; p < kc; p++) {
      const d = dst + <usize>p * MR * 4;
      for (let ii = 0; ii < MR; ii++) store<f32>(d + <usize>ii * 4, load<f32>(r0 + <usize>ii * rs + <usize>p * 4));
    }
  } else {
    for (let ii = 0; ii < MR; ii++) {
      const d = dst + <usize>ii * 4;
      if (ii < height) {
        const src = a + (<usize>(i0 + ii) * <usize>k + <usize>p0) * 4;
        for (let p = 0; p < kc; p++) store<f32>(d + <usize>p * MR * 4, load<f32>(src + <usize>p * 4));
      } else {
        for (let p = 0; p < kc; p++) store<f32>(d + <usize>p * MR * 4, 0);
      }
    }
  }
}

/**
 * The MR×NR register tile: C[0..MR)[0..NR) (row stride ldc floats) = (accumulate ? C : 0) +
 * Σ_p Apack[p]ᵀ·Bpanel[p].
 */
@inline
function microKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += MR * 4;
    bp += NR * 4;
  }
  const rs = ldc * 4;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + rs));
    c11 = f32x4.add(c11, v128.load(c + rs, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * rs));
    c21 = f32x4.add(c21, v128.load(c + 2 * rs, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * rs));
    c31 = f32x4.add(c31, v128.load(c + 3 * rs, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + rs, c10);
  v128.store(c + rs, c11, 16);
  v128.store(c + 2 * rs, c20);
  v128.store(c + 2 * rs, c21, 16);
  v128.store(c + 3 * rs, c30);
  v128.store(c + 3 * rs, c31, 16);
}

/**
 * Rows [start, end) of C (m×n, row-major) = op(A)·op(B), with op(B) already packed by packB.
 * start is a multiple of MR (the caller's chunks are). A is stored m×k, or k×m when transA.
 * Loops, outside in: column blocks of NC_PANELS panels (their packed B stays in L2), K blocks,
 * MR-row strips of A (packed once per block, then in L1), the block's panels.
 */
export function matmulRows(start: i32, end: i32, a: usize, transA: i32, bPacked: usize, c: usize, m: i32, n: i32, k: i32): void {
  if (k == 0) {
    memory.fill(c + <usize>start * <usize>n * 4, 0, <usize>(end - start) * <usize>n * 4);
    return;
  }
  const panels = (n + NR - 1) / NR;
  for (let jb = 0; jb < panels; jb += NC_PANELS) {
    const jbEnd = min(panels, jb + NC_PANELS);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      for (let i0 = start; i0 < end; i0 += MR) {
        packA(a, transA, m, k, i0, p0, kc, scratchBase);
        stripTimesPanels(i0, min(MR, end - i0), jb, jbEnd, p0, kc, bPacked, c, n, k);
      }
    }
  }
}

/** C[i0 .. i0+height)[panels jb .. jbEnd) (+)= packed A strip (in scratch) · B panels over K block [p0, p0+kc). */
@inline
function stripTimesPanels(i0: i32, height: i32, jb: i32, jbEnd: i32, p0: i32, kc: i32, bPacked: usize, c: usize, n: i32, k: i32): void {
  const aPack = scratchBase;
  const edge = scratchBase + <usize>(KC * MR) * 4;
  const accumulate = p0 > 0;
  for (let jp = jb; jp < jbEnd; jp++) {
    const j0 = jp * NR;
    const bp = bPacked + (<usize>jp * <usize>k + <usize>p0) * NR * 4;
    const width = min(NR, n - j0);
    const cTile = c + (<usize>i0 * <usize>n + <usize>j0) * 4;
    if (height == MR && width == NR) {
      microKernel(aPack, bp, kc, cTile, <usize>n, accumulate);
      continue;
    }
    // An edge tile: compute the full tile into scratch, then copy out the part inside C.
    if (accumulate) {
      for (let ii = 0; ii < height; ii++) {
        for (let jj = 0; jj < width; jj++) store<f32>(edge + <usize>(ii * NR + jj) * 4, load<f32>(cTile + (<usize>ii * <usize>n + <usize>jj) * 4));
      }
    }
    microKernel(aPack, bp, kc, edge, NR, accumulate);
    for (let ii = 0; ii < height; ii++) {
      for (let jj = 0; jj < width; jj++) store<f32>(cTile + (<usize>ii * <usize>n + <usize>jj) * 4, load<f32>(edge + <usize>(ii * NR + jj) * 4));
    }
  }
}

/** MR, for the caller's row chunks. */
export function tileRows(): i32 {
  return MR;
}
