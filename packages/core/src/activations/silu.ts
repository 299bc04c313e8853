import { defineActivation, e, z } from './definition.js';
import { add, mul, sigmoid, sub } from '../expr/expr.js';

const s = sigmoid(z);

/**
 * SiLU, also called swish (with β = 1): z·σ(z).
 * Source: Elfwing et al., "Sigmoid-Weighted Linear Units", 2017; Ramachandran et al., "Searching for Activation Functions", 2017.
 */
export const silu = defineActivation({
  formula: "f(z) = z·σ(z); f'(z) = σ(z)·(1 + z·(1 − σ(z)))",
  source: 'Elfwing et al. 2017; Ramachandran et al. 2017 (swish, β = 1)',
  smooth: true,
  forward: mul(z, s),
  backward: mul(e, mul(s, add(1, mul(z, sub(1, s))))),
});
