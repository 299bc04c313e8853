import type { Matrix } from '../backend.js';
import { keep, type Primitives } from './definition.js';

/**
 * dA where z > 0 (`side` 'positive') or where z ≤ 0 ('nonPositive'), and exactly 0 elsewhere,
 * even where dA is ±Infinity: a select built from primitives. The obvious dA·step(z) gives
 * 0·∞ = NaN there (issue 8.4), so instead dA is clamped between ±U, where U is +∞ on the side
 * that passes and 0 on the other: U = 1/m − 1 with m = 1 − step(z) (or step(z)), since
 * 1/0 = +∞ and 1/1 − 1 = 0 under IEEE arithmetic. min/max with ±∞ leave dA, ±∞ included, as it is.
 */
export function passWhere(b: Primitives, dA: Matrix, z: Matrix, side: 'positive' | 'nonPositive'): Matrix {
  const s = b.unary('step', z);
  // m is 0 on the passing side: there 1/m = +∞.
  const m = side === 'positive' ? b.binaryScalar('sub', s, 1) : s; // s − 1 is 0 where z > 0 (−1 elsewhere)
  const inv = b.unary('reciprocal', m); // ±∞ on the passing side, ±1 elsewhere
  const bound = b.unary('abs', inv); // +∞ on the passing side, 1 elsewhere
  const upper = b.binaryScalar('sub', bound, 1); // +∞ or 0
  const lower = b.unary('neg', upper);
  const capped = b.binary('min', dA, upper);
  return keep(b, b.binary('max', capped, lower), s, ...(m === s ? [] : [m]), inv, bound, upper, lower, capped);
}
