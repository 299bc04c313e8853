/**
 * What one activation is, written once (micrograd's habit: the forward beside its derivative),
 * as expressions (../expr/): A = f(Z) reading the input `z` and the parameter `alpha`, and
 * dZ = dA ⊙ f'(Z) reading `e` (the incoming dA), `z` and `a` = f(z). From these core builds the
 * reference (primitive calls), the host path's code, and every backend's fused kernels.
 *
 * The derivative is written by hand, not derived symbolically: the forms that train well are
 * chosen forms — σ' read from A as a·(1 − a), a select where f' is 0 so that an infinite error
 * gives 0 rather than NaN, softplus' derivative as σ(z) — and a test holds each one to finite
 * differences of its forward (activations.test.ts).
 *
 * To add an activation: write one file in this folder calling `defineActivation`, and add one
 * line to the registry in `./index.ts`. It is then fused on every backend that compiles
 * expressions, runs on the host path and on the reference, and the conformance suite checks it.
 */
import { input, param, type Expr } from '../expr/expr.js';
import { namesRead } from '../expr/expr.js';

/** The expression inputs an activation reads: the pre-activation, the activation, the incoming error. */
export const z = input('z');
export const a = input('a');
export const e = input('e');
/** The activation's parameter (leakyRelu's negative slope, ELU's α). */
export const alpha = param('alpha');

export interface ActivationDefinition {
  /** The formula, for docs and messages. */
  readonly formula: string;
  /** Where the formula comes from, when it is not textbook. */
  readonly source?: string;
  /**
   * Smooth everywhere (no kink): finite-difference gradient checks hold with a step large
   * enough to beat float32 rounding. ReLU-like kinks are checked in float64 only.
   */
  readonly smooth: boolean;
  /** The default of `alpha` when a layer names none (only read where `usesAlpha`). */
  readonly defaultAlpha?: number;
  /** A = f(Z): reads `z` and `alpha`; may use row reductions (softmax). */
  readonly forward: Expr;
  /** dZ = dA ⊙ f'(Z) (or the row's Jacobian product): reads `e`, `z`, `a`, `alpha`. */
  readonly backward: Expr;
  // ---- derived from the expressions by defineActivation ----
  /** f(z) = z: a dense layer's A is the same handle as its Z (denseForward's contract). */
  readonly identity: boolean;
  /** Reads `alpha`, which must lie in [0, 1]. */
  readonly usesAlpha: boolean;
  /** Mixes the elements of a row (softmax): kernels need the whole row. */
  readonly rowWise: boolean;
  /** What the derivative reads besides the error: the pre-activation Z, the activation A, both, or neither. */
  readonly derivativeReads: 'z' | 'a' | 'both' | 'none';
}

export function defineActivation(d: { formula: string; source?: string; smooth: boolean; defaultAlpha?: number; forward: Expr; backward: Expr }): ActivationDefinition {
  const fwd = namesRead([d.forward]);
  const bwd = namesRead([d.backward]);
  const readsZ = bwd.inputs.has('z');
  const readsA = bwd.inputs.has('a');
  return Object.freeze({
    ...d,
    identity: d.forward === z,
    usesAlpha: fwd.params.has('alpha') || bwd.params.has('alpha'),
    rowWise: fwd.rowReductions || bwd.rowReductions,
    derivativeReads: readsZ && readsA ? 'both' : readsZ ? 'z' : readsA ? 'a' : 'none',
  });
}
