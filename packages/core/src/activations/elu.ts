import { a, alpha, defineActivation, e, z } from './definition.js';
import { add, exp, mul, sub, where } from '../expr/expr.js';

/**
 * ELU: z for z > 0, else α·(eᶻ − 1), with α ∈ [0, 1] (default 1, as in the paper and Keras).
 * Its derivative for z ≤ 0 is α·eᶻ = a + α, read from A.
 * Source: Clevert, Unterthiner & Hochreiter, "Fast and Accurate Deep Network Learning by
 * Exponential Linear Units (ELUs)", ICLR 2016.
 */
export const elu = defineActivation({
  formula: "f(z) = z for z > 0, else α·(e^z − 1); f'(z) = 1 for z > 0, else a + α",
  source: 'Clevert et al. 2016',
  smooth: false,
  defaultAlpha: 1,
  forward: where(z, 0, z, mul(alpha, sub(exp(z), 1))),
  // α = 0 makes f' = 0 on the negative side: a select keeps an infinite error from giving NaN.
  backward: where(z, 0, e, where(alpha, 0, mul(e, add(a, alpha)), 0)),
});
