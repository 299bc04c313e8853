import { a, defineActivation, e, z } from './definition.js';
import { mul, sigmoid as logistic, sub } from '../expr/expr.js';

/** The logistic function; its derivative is read from A: a·(1 − a). */
export const sigmoid = defineActivation({
  formula: "f(z) = 1 / (1 + e^−z); f'(z) = a·(1 − a)",
  smooth: true,
  forward: logistic(z),
  backward: mul(e, mul(a, sub(1, a))),
});
