import { alpha, defineActivation, e, z } from './definition.js';
import { mul, where } from '../expr/expr.js';

/** ReLU with a slope α ∈ [0, 1] for negative inputs (Maas et al., 2013). */
export const leakyRelu = defineActivation({
  formula: "f(z) = z for z > 0, else α·z (0 ≤ α ≤ 1); f'(z) = 1 for z > 0, else α",
  source: 'Maas et al. 2013',
  smooth: false,
  defaultAlpha: 0.01,
  forward: where(z, 0, z, mul(alpha, z)),
  // α = 0 with an infinite error must give 0, as relu does, not 0·∞ = NaN.
  backward: where(z, 0, e, where(alpha, 0, mul(alpha, e), 0)),
});
