/**
 * Straightforward float64 loops that the tests trust, plus seeded data and a comparison that
 * reports shapes and the worst element side by side.
 */
import { expect } from 'vitest';

/** Named tolerances: relative to max(1, |expected|), per precision. */
export const TOLERANCE = { float64: 1e-12, float32: 2e-6 } as const;

/** A small seeded generator (mulberry32), so a failing case can be re-run exactly. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows·cols values uniform in [−scale, scale). */
export function randomValues(rows: number, cols: number, seed: number, scale = 1): number[] {
  const next = seeded(seed);
  return Array.from({ length: rows * cols }, () => (next() * 2 - 1) * scale);
}

/** op(A)·op(B) by the textbook triple loop, in float64. A is stored aRows×aCols, B bRows×bCols. */
export function referenceMatmul(
  a: ArrayLike<number>,
  aRows: number,
  aCols: number,
  transposeA: boolean,
  b: ArrayLike<number>,
  bRows: number,
  bCols: number,
  transposeB: boolean,
): number[] {
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const opA = (i: number, p: number): number => (transposeA ? a[p * aCols + i]! : a[i * aCols + p]!);
  const opB = (p: number, j: number): number => (transposeB ? b[j * bCols + p]! : b[p * bCols + j]!);
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += opA(i, p) * opB(p, j);
      out.push(s);
    }
  }
  return out;
}

/** Rounds values through Float32Array, as float32 storage would. */
export function asFloat32(values: ArrayLike<number>): number[] {
  return Array.from(Float32Array.from(values));
}

/** Asserts `actual` matches `expected` element by element within `tolerance`, naming the worst element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = ''): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const error = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(error <= worstError)) {
      worstError = error;
      worst = i;
    }
  }
  if (worst >= 0 && !(worstError <= tolerance)) {
    expect.fail(`${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (relative error ${worstError} > ${tolerance})`);
  }
}
