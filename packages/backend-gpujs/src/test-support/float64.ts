/**
 * Float64 loops that say what each primitive means, and a comparison that fails with both
 * values side by side. Tolerances follow the conformance suite's float32 preset.
 */
import { expect } from 'vitest';

export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
}

/** A deterministic pseudo-random matrix in [lo, hi): tests need no seed plumbing. */
export function seeded(rows: number, cols: number, seed: number, lo = -1, hi = 1): Dense {
  let s = seed >>> 0 || 1;
  const data: number[] = [];
  for (let i = 0; i < rows * cols; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data.push(lo + ((s >>> 8) / 2 ** 24) * (hi - lo));
  }
  return { rows, cols, data };
}

export function matmul64(a: Dense, b: Dense, ta: boolean, tb: boolean): Dense {
  const at = (r: number, c: number): number => (ta ? a.data[c * a.cols + r]! : a.data[r * a.cols + c]!);
  const bt = (r: number, c: number): number => (tb ? b.data[c * b.cols + r]! : b.data[r * b.cols + c]!);
  const rows = ta ? a.cols : a.rows;
  const inner = ta ? a.rows : a.cols;
  const cols = tb ? b.rows : b.cols;
  const data: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += at(r, k) * bt(k, c);
      data.push(s);
    }
  }
  return { rows, cols, data };
}

export function map64(a: Dense, f: (v: number, r: number, c: number) => number): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, i) => f(v, Math.floor(i / a.cols), i % a.cols)) };
}

/** b broadcast against a: same shape, row, column or scalar. */
export function broadcastAt(b: Dense, r: number, c: number): number {
  return b.data[(b.rows === 1 ? 0 : r) * b.cols + (b.cols === 1 ? 0 : c)]!;
}

export const TOL = { abs: 2e-6, rel: 2e-5 };

/** Elementwise |got − want| ≤ slack·(abs·max(1, max|want|) + rel·|want|), reporting the worst element. */
export function expectClose(got: ArrayLike<number>, want: Dense | number[], slack = 1, what = 'result'): void {
  const expected = Array.isArray(want) ? want : want.data;
  expect(got.length, `${what}: length`).toBe(expected.length);
  const scale = Math.max(1, ...expected.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const w = expected[i]!;
    const g = got[i]!;
    if (!Number.isFinite(w)) {
      if (!Object.is(g, w)) {
        worst = i;
        break;
      }
      continue;
    }
    const excess = Math.abs(g - w) - slack * (TOL.abs * scale + TOL.rel * Math.abs(w));
    if (excess > worstExcess || Number.isNaN(g)) {
      worstExcess = Number.isNaN(g) ? Infinity : excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(`${what}: element ${worst} is ${got[worst]}, expected ${expected[worst]} (got ${Array.from(got).slice(0, 8).join(', ')}… want ${expected.slice(0, 8).join(', ')}…)`);
  }
}
