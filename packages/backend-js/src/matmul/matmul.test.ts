import { afterAll, describe, expect, it } from 'vitest';
import { createJsBackend, type JsBackend } from '../js-backend.js';
import { asFloat32, dense, EXACT, expectClose, matmul64, seededValues, TOLERANCES } from '@backprop/test-kit';

const SIZES = [1, 3, 4, 7, 17, 33, 65];
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const variant = (ta: boolean, tb: boolean): string => `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;

const backends: JsBackend[] = [];
function make(precision: 'float32' | 'float64', threads = 1, threadThreshold?: number): JsBackend {
  const b = createJsBackend(threadThreshold === undefined ? { precision, threads } : { precision, threads, threadThreshold });
  backends.push(b);
  return b;
}
afterAll(() => backends.forEach((b) => b.close()));

/** Runs op(A)·op(B) with C of shape m×n and inner size k on `backend`, and the float64 reference on the same stored values. */
function runCase(backend: JsBackend, m: number, n: number, k: number, ta: boolean, tb: boolean, seed: number) {
  const [aRows, aCols] = ta ? [k, m] : [m, k];
  const [bRows, bCols] = tb ? [n, k] : [k, n];
  let aValues = seededValues(aRows * aCols, seed);
  let bValues = seededValues(bRows * bCols, seed + 1);
  if (backend.info.precision === 'float32') {
    aValues = asFloat32(aValues);
    bValues = asFloat32(bValues);
  }
  const a = backend.fromArray(aValues, aRows, aCols);
  const b = backend.fromArray(bValues, bRows, bCols);
  const c = backend.matmul(a, b, ta, tb);
  const actual = backend.readSync(c);
  const expected = matmul64(dense(aRows, aCols, aValues), dense(bRows, bCols, bValues), ta, tb).data;
  expect([c.rows, c.cols]).toEqual([m, n]);
  for (const h of [a, b, c]) backend.dispose(h);
  return { actual, expected };
}

describe.each(['float64', 'float32'] as const)('matmul, %s', (precision) => {
  const backend = make(precision);
  // float32 results are rounded once from a float64 sum: error grows at most with the rounding of the result.
  const tolerance = TOLERANCES[precision];

  for (const [ta, tb] of FLAGS) {
    it(`${variant(ta, tb)} matches the float64 triple loop on every combination of sizes ${SIZES.join(', ')}`, () => {
      let seed = 1;
      for (const m of SIZES) {
        for (const n of SIZES) {
          for (const k of [1, 7, 33]) {
            const { actual, expected } = runCase(backend, m, n, k, ta, tb, seed++);
            expectClose(actual, expected, tolerance, `${variant(ta, tb)} m=${m} n=${n} k=${k}`);
          }
        }
      }
    });
  }

  it('computes a hand-checked 2×3 · 3×2 product exactly', () => {
    const a = backend.fromArray([1, 2, 3, 4, 5, 6], 2, 3);
    const b = backend.fromArray([7, 8, 9, 10, 11, 12], 3, 2);
    const c = backend.matmul(a, b, false, false);
    expect(Array.from(backend.readSync(c))).toEqual([58, 64, 139, 154]);
    const ct = backend.matmul(b, a, true, true); // (A·B)ᵀ = Bᵀ·Aᵀ
    expect(Array.from(backend.readSync(ct))).toEqual([58, 139, 64, 154]);
    for (const h of [a, b, c, ct]) backend.dispose(h);
  });

  it('handles a 1×1 times 1×1 and a 1×n row times an n×1 column', () => {
    const a = backend.fromArray([3], 1, 1);
    const b = backend.fromArray([-2], 1, 1);
    const c = backend.matmul(a, b, false, false);
    expect(Array.from(backend.readSync(c))).toEqual([-6]);
    const row = backend.fromArray([1, 2, 3], 1, 3);
    const dot = backend.matmul(row, row, false, true);
    const outer = backend.matmul(row, row, true, false);
    expect(Array.from(backend.readSync(dot))).toEqual([14]);
    expect(Array.from(backend.readSync(outer))).toEqual([1, 2, 3, 2, 4, 6, 3, 6, 9]);
    for (const h of [a, b, c, row, dot, outer]) backend.dispose(h);
  });

  it('leaves its inputs unchanged', () => {
    const values = seededValues(9 * 5, 77);
    const a = backend.fromArray(values, 9, 5);
    const c = backend.matmul(a, a, true, false);
    expectClose(backend.readSync(a), precision === 'float32' ? asFloat32(values) : values, EXACT, 'input after matmul');
    backend.dispose(a);
    backend.dispose(c);
  });
});

describe('matmul across worker threads', () => {
  it('gives bit-identical results to one thread for all four variants, shared out by rows and by columns', async () => {
    for (const precision of ['float32', 'float64'] as const) {
      const single = make(precision, 1);
      const threaded = make(precision, 2, 1);
      expect(await threaded.threadsReady()).toBe(1);
      expect(threaded.info.threads).toBe(2);
      // Tall (split by rows), wide (split by columns), and odd sizes that do not split into 4s.
      for (const [m, n, k] of [
        [130, 9, 33],
        [8, 131, 17],
        [67, 65, 7],
        [256, 256, 64],
      ] as const) {
        for (const [ta, tb] of FLAGS) {
          const one = runCase(single, m, n, k, ta, tb, m + n + k);
          const two = runCase(threaded, m, n, k, ta, tb, m + n + k);
          expect(Array.from(two.actual), `${precision} ${variant(ta, tb)} ${m}×${n}×${k}`).toEqual(Array.from(one.actual));
          expectClose(two.actual, two.expected, TOLERANCES[precision], 'threaded vs reference');
        }
      }
      // 4 shapes × 4 variants, each handed once to the one worker (which claims what the main thread leaves).
      expect(threaded.threadJobsRun()).toBe(16);
      expect(single.threadJobsRun()).toBe(0);
    }
  });

  it('runs on one thread where threads: 1 was asked', async () => {
    const b = make('float32', 1);
    expect(b.info.threads).toBe(1);
    expect(await b.threadsReady()).toBe(0);
  });
});
