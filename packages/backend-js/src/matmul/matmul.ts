/**
 * C = op(A)·op(B) for all four transpose combinations, on one thread or split across the
 * backend's worker threads.
 *
 * Both operands are first packed into Float64 scratch as A (m×k) and Bᵀ (n×k), so that the
 * kernel reads both along k contiguously whatever the transpose flags were; packing costs
 * O(mk + nk) against the kernel's O(mnk). A very thin A (fewer than 4 rows, e.g. one sample at
 * prediction time) is not worth packing B for, and goes through the unpacked paths below.
 */
import type { ThreadPool } from '../threads/thread-pool.js';
import type { MatmulJob } from '../threads/worker-source.js';
import type { FloatArray } from '../storage.js';
import { matmulBlock, matmulShare } from './kernel.js';
import { packRowMajor } from './pack.js';

/**
 * Below this many multiply-adds (m·n·k) a matmul stays on the main thread: handing a block to a
 * worker costs some tens of microseconds. Measured crossover on the 2-core dev machine: see README.
 */
export const DEFAULT_THREAD_THRESHOLD = 1 << 18;

export interface MatmulShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

export class MatmulEngine {
  private packedA: Float64Array = new Float64Array(0);
  private packedB: Float64Array = new Float64Array(0);

  private pool: ThreadPool | undefined;

  constructor(
    /** Whether the packing scratch must be shared memory (workers read it). */
    private readonly sharedScratch: boolean,
    /** Minimum m·n·k to use the threads. */
    public threadThreshold = DEFAULT_THREAD_THRESHOLD,
  ) {}

  /** The workers to split big products across (undefined: this thread only). */
  setPool(pool: ThreadPool | undefined): void {
    this.pool = pool;
  }

  /**
   * Writes op(A)·op(B) into `c` (m×n, fully overwritten). `a` is stored aRows×aCols and `b`
   * bRows×bCols, row-major.
   */
  multiply(
    a: FloatArray,
    aRows: number,
    aCols: number,
    transposeA: boolean,
    b: FloatArray,
    bRows: number,
    bCols: number,
    transposeB: boolean,
    c: FloatArray,
  ): void {
    const m = transposeA ? aCols : aRows;
    const k = transposeA ? aRows : aCols;
    const n = transposeB ? bRows : bCols;
    if (m < 4) {
      thinMultiply(a, m, k, transposeA, b, n, transposeB, c);
      return;
    }
    const packedA = this.scratch('a', m * k);
    const packedB = this.scratch('b', n * k);
    packRowMajor(packedA, a, m, k, transposeA);
    // op(B) is k×n; the kernel wants its transpose (n×k): a plain copy when B is stored n×k.
    packRowMajor(packedB, b, n, k, !transposeB);
    this.runKernel(packedA, packedB, c, { m, n, k });
  }

  private runKernel(a: Float64Array, bt: Float64Array, c: FloatArray, { m, n, k }: MatmulShape): void {
    const pool = this.pool;
    if (pool === undefined || m * n * k < this.threadThreshold || pool.readyHelpers() === 0) {
      matmulBlock(a, bt, c, n, k, 0, m, 0, n);
      return;
    }
    const parts = pool.readyHelpers() + 1;
    // Share out the longer side of C in chunks of whole 4×4 blocks, about 8 per thread: few
    // enough that claiming costs nothing, many enough to rebalance when a thread falls behind.
    const byRows = m >= n;
    const length = byRows ? m : n;
    const chunk = Math.max(4, Math.ceil(length / (parts * 8) / 4) * 4);
    const { array: counter, index: counterIndex } = pool.counter;
    Atomics.store(counter, counterIndex, 0);
    const job: MatmulJob = { a, bt, c, m, n, k, byRows, chunk, counter, counterIndex };
    pool.run(job, () => matmulShare(a, bt, c, m, n, k, byRows, chunk, counter, counterIndex));
  }

  /** Packing scratch, grown when needed and then kept: in shared memory when workers read it. */
  private scratch(which: 'a' | 'b', length: number): Float64Array {
    const current = which === 'a' ? this.packedA : this.packedB;
    if (current.length >= length) return current;
    const grown = Math.max(length, Math.ceil(current.length * 1.5));
    const buffer = this.sharedScratch ? new SharedArrayBuffer(grown * 8) : new ArrayBuffer(grown * 8);
    const fresh = new Float64Array(buffer);
    if (which === 'a') this.packedA = fresh;
    else this.packedB = fresh;
    return fresh;
  }

  /** Drops the scratch buffers (close()). */
  release(): void {
    this.packedA = new Float64Array(0);
    this.packedB = new Float64Array(0);
  }
}

/**
 * op(A)·op(B) for m < 4 rows, straight from the stored layouts. Each output row is built with
 * contiguous inner loops: for B stored k×n, row i of C accumulates A[i,p]·(row p of B); for B
 * stored n×k (transposed), C[i,j] is the dot product of op(A)'s row i with row j of B, and
 * op(A)'s row is first gathered into a small Float64 buffer when A is stored transposed.
 */
function thinMultiply(
  a: FloatArray,
  m: number,
  k: number,
  transposeA: boolean,
  b: FloatArray,
  n: number,
  transposeB: boolean,
  c: FloatArray,
): void {
  const row = new Float64Array(k);
  const acc = transposeB ? undefined : new Float64Array(n);
  for (let i = 0; i < m; i++) {
    if (transposeA) for (let p = 0; p < k; p++) row[p] = a[p * m + i]!;
    else for (let p = 0; p < k; p++) row[p] = a[i * k + p]!;
    const out = i * n;
    if (acc === undefined) {
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += row[p]! * b[bj + p]!;
        c[out + j] = s;
      }
    } else {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const x = row[p]!;
        const bp = p * n;
        for (let j = 0; j < n; j++) acc[j] = acc[j]! + x * b[bp + j]!;
      }
      for (let j = 0; j < n; j++) c[out + j] = acc[j]!;
    }
  }
}
