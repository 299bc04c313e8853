/**
 * Named tolerances for comparing float32 results with float64 loops, and one helper that fails
 * with both values and where they differ side by side.
 */
import { expect } from 'vitest';

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** One float32 rounding of an elementwise op (plus the engine's exp/log/tanh approximations). */
export const FLOAT32_ELEMENTWISE: Tolerance = { abs: 1e-6, rel: 2e-5 };
/** Sums of up to ~1000 float32 products: error grows with the inner size. */
export const FLOAT32_ACCUMULATED: Tolerance = { abs: 1e-4, rel: 1e-4 };

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Math.abs(a - e) <= tol.abs + tol.rel * Math.abs(e);
    if (!ok) expect.fail(`${what}: at index ${i} got ${a}, expected ${e} (|diff| ${Math.abs(a - e)}, tolerance abs ${tol.abs} + rel ${tol.rel})`);
  }
}
