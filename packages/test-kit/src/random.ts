/**
 * Seeded test values from core's own PRNG (mulberry32), so that a failing case re-runs exactly
 * and no backend carries a copy of the generator.
 */
import { Random } from '@backprop/core';
import type { Dense } from './float64.js';

/** `n` values uniform in [lo, hi) from `seed`. */
export function seededValues(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const random = new Random(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * random.next();
  return out;
}

/** A rows×cols matrix of values uniform in [lo, hi) from `seed`. */
export function seededMatrix(rows: number, cols: number, seed: number, lo = -1, hi = 1): Dense {
  return { rows, cols, data: seededValues(rows * cols, seed, lo, hi) };
}
