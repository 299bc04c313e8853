import { defineActivation, e, z } from './definition.js';
import { abs, add, exp, log, mul, neg, sigmoid, where } from '../expr/expr.js';

/** A smooth ReLU: log(1 + eᶻ), written so that it never overflows; its derivative is σ(z). */
export const softplus = defineActivation({
  formula: "f(z) = log(1 + e^z) = max(z, 0) + log(1 + e^−|z|); f'(z) = σ(z)",
  smooth: true,
  forward: add(where(z, 0, z, 0), log(add(1, exp(neg(abs(z)))))),
  backward: mul(e, sigmoid(z)),
});
