/**
 * What "finite" means at a backend's precision. A float32 backend stores every value, loss
 * included, as a float32: a number that Math.fround rounds to ±Infinity is not finite there,
 * even though it is a finite double (1e39, or a loss of 1e52 summed in double on the host path).
 */
import type { Precision } from './backend.js';

/** The largest finite float32, 3.4028234663852886e38 (printed 3.4028235e38). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The smallest magnitude that float32 rounding (to nearest, ties to even) sends to ±Infinity:
 * 2^128 − 2^103, halfway between FLOAT32_MAX and 2^128.
 */
export const FLOAT32_OVERFLOW = 2 ** 128 - 2 ** 103;

/** Magnitudes at or above this are not finite at `precision` (Infinity for float64). */
export function overflowLimit(precision: Precision): number {
  return precision === 'float32' ? FLOAT32_OVERFLOW : Infinity;
}

/** Whether `v` stays finite when stored at `precision`. */
export function finiteAt(v: number, precision: Precision): boolean {
  return v < overflowLimit(precision) && v > -overflowLimit(precision);
}

/** `v` as a backend of `precision` stores it (float32: Math.fround, so an overflow shows as ±Infinity). */
export function roundTo(v: number, precision: Precision): number {
  return precision === 'float32' ? Math.fround(v) : v;
}

/** The largest finite value at `precision`, as messages print it. */
export function largestFiniteText(precision: Precision): string {
  return precision === 'float32' ? '3.4028235e38' : String(Number.MAX_VALUE);
}
