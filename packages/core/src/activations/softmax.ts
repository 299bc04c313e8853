import { a, defineActivation, e, z } from './definition.js';
import { div, exp, mul, rowMax, rowSum, sub } from '../expr/expr.js';

/** e^(z − max z): shifted by the row's maximum so that exp never overflows. */
const shifted = exp(sub(z, rowMax(z)));

/** Softmax over each row: one probability distribution per sample. */
export const softmax = defineActivation({
  formula: 'f(z)_j = e^(z_j − max z) / Σ_k e^(z_k − max z); dZ = A ⊙ (dA − Σ_j dA_j·A_j) per row',
  smooth: true,
  forward: div(shifted, rowSum(shifted)),
  // The softmax Jacobian applied row by row.
  backward: mul(a, sub(e, rowSum(mul(e, a)))),
});
