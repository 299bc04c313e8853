/**
 * One helper compares a result with the trusted reference and fails with both side by side
 * (tinygrad's helper_test_op habit): where it differs, the values, and the worst errors.
 * `expectClose` throws that report, so it needs no assertion library.
 */
import type { Dense } from './float64.js';
import type { Tolerance } from './tolerances.js';

export interface Comparison {
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly ok: boolean;
  readonly message: string;
}

export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  label: string,
): Comparison {
  if (actual.length !== expected.length) {
    return { maxAbsError: Infinity, maxRelError: Infinity, ok: false, message: `${label}: length ${actual.length}, expected ${expected.length}` };
  }
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let maxAbs = 0;
  let maxRel = 0;
  let firstBad = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const err = Math.abs(a - e);
    const bad = !(err <= tol.abs * scale + tol.rel * Math.abs(e)) || Number.isNaN(a) !== Number.isNaN(e);
    if (bad && firstBad < 0) firstBad = i;
    if (Number.isNaN(err)) {
      maxAbs = Infinity;
      maxRel = Infinity;
    } else {
      maxAbs = Math.max(maxAbs, err);
      maxRel = Math.max(maxRel, err / Math.max(Math.abs(e), 1e-30));
    }
  }
  const ok = firstBad < 0;
  const message = ok
    ? `${label}: ok (max abs ${maxAbs.toExponential(2)}, max rel ${maxRel.toExponential(2)})`
    : `${label}: element ${firstBad} is ${String(actual[firstBad])}, expected ${String(expected[firstBad])} ` +
      `(max abs error ${maxAbs.toExponential(3)}, max rel ${maxRel.toExponential(3)}, tolerance abs ${tol.abs} rel ${tol.rel});\n` +
      `  actual:   [${Array.from(actual).slice(0, 8).map((v) => v.toPrecision(7)).join(', ')}${actual.length > 8 ? ', …' : ''}]\n` +
      `  expected: [${Array.from(expected).slice(0, 8).map((v) => v.toPrecision(7)).join(', ')}${expected.length > 8 ? ', …' : ''}]`;
  return { maxAbsError: maxAbs, maxRelError: maxRel, ok, message };
}

/** A result differs from its reference beyond the tolerance; the message shows both sides. */
export class Mismatch extends Error {
  override name = 'Mismatch';
}

/** Throws a Mismatch naming the first bad element unless `actual` matches `expected` within `tol`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number> | Dense, tol: Tolerance, label: string): void {
  const want = 'rows' in expected && 'cols' in expected ? expected.data : expected;
  const c = compareArrays(actual, want, tol, label);
  if (!c.ok) throw new Mismatch(c.message);
}
