/**
 * One helper compares a backend's result with the trusted reference and fails with both side by
 * side: where it differs, the values, and the worst errors.
 */
export interface Comparison {
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly ok: boolean;
  readonly message: string;
}

export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { abs: number; rel: number },
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
