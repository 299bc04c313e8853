/**
 * How close another runtime's float32 predictions must be to backprop's: |a − b| ≤ ABS + REL·|b|.
 * Both compute in float32 but sum in different orders and use their own exp/tanh, each step
 * rounding to about 6e-8 relative; these few-layer networks stay far inside the bound
 * (the largest differences measured are in the README).
 */
export const FLOAT32_TOLERANCE = { abs: 1e-6, rel: 1e-6 } as const;

/** The first index where `actual` leaves the tolerance around `expected`, or -1. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return 0;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= FLOAT32_TOLERANCE.abs + FLOAT32_TOLERANCE.rel * Math.abs(expected[i]!))) return i;
  }
  return -1;
}

/** Asserts closeness, saying where and by how much when it fails. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  const i = firstMismatch(actual, expected);
  if (i >= 0) throw new Error(`${what}: value ${i} is ${String(actual[i])}, backprop gave ${String(expected[i])} (lengths ${actual.length} and ${expected.length}; tolerance ${FLOAT32_TOLERANCE.abs} + ${FLOAT32_TOLERANCE.rel}·|expected|)`);
}
