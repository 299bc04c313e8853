import { a, defineActivation, e, z } from './definition.js';
import { mul, sub, tanh as hyperbolicTangent } from '../expr/expr.js';

/** The hyperbolic tangent; its derivative is read from A: 1 − a². */
export const tanh = defineActivation({
  formula: "f(z) = tanh z; f'(z) = 1 − a²",
  smooth: true,
  forward: hyperbolicTangent(z),
  backward: mul(e, sub(1, mul(a, a))),
});
