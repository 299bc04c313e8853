import { defineActivation, e, z } from './definition.js';
import { add, mul, sub, tanh } from '../expr/expr.js';

/** √(2/π) and the cubic coefficient of the tanh approximation. */
const C = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/** t = tanh(√(2/π)·(z + 0.044715·z³)), shared by the forward and the derivative. */
const zz = mul(z, z);
const t = tanh(mul(C, add(z, mul(K, mul(zz, z)))));

/**
 * GELU in its tanh form, as in BERT and GPT-2 (PyTorch's `approximate='tanh'`).
 * Source: Hendrycks & Gimpel, "Gaussian Error Linear Units", 2016, eq. for the tanh approximation.
 */
export const gelu = defineActivation({
  formula: "f(z) = ½·z·(1 + t), t = tanh(√(2/π)·(z + 0.044715·z³)); f'(z) = ½·(1 + t) + ½·z·(1 − t²)·√(2/π)·(1 + 3·0.044715·z²)",
  source: 'Hendrycks & Gimpel 2016, tanh approximation',
  smooth: true,
  forward: mul(mul(0.5, z), add(1, t)),
  backward: mul(e, add(mul(0.5, add(1, t)), mul(mul(mul(0.5, z), sub(1, mul(t, t))), mul(C, add(1, mul(3 * K, zz)))))),
});
