import { keep, type ActivationDefinition } from './definition.js';
import { passWhere } from './pass-where.js';

/** ReLU with a slope α ∈ [0, 1] for negative inputs (Maas et al., 2013). */
export const leakyRelu: ActivationDefinition = {
  formula: "f(z) = max(z, α·z) for 0 ≤ α ≤ 1; f'(z) = 1 for z > 0, else α",
  smooth: false,
  derivativeReads: 'z',
  identity: false,
  usesAlpha: true,
  forward: (b, z, alpha) => {
    // max(z, α·z) equals leakyRelu for 0 ≤ α ≤ 1, which core enforces.
    const scaled = b.binaryScalar('mul', z, alpha);
    return keep(b, b.binary('max', z, scaled), scaled);
  },
  backward: (b, dA, z, _a, alpha) => {
    // f'(z) = 1 for z > 0, else α: two selects rather than dA·f'(z), so that an infinite dA
    // where f'(z) = 0 (α = 0) gives 0, not NaN; α·(±∞) for α > 0 is the right ±∞.
    const positive = passWhere(b, dA, z, 'positive');
    if (alpha === 0) return positive;
    const negative = passWhere(b, dA, z, 'nonPositive');
    const scaled = b.binaryScalar('mul', negative, alpha);
    return keep(b, b.binary('add', positive, scaled), positive, negative, scaled);
  },
  host: {
    kind: 'elementwise',
    forward: (v, alpha) => `(${v} > 0 ? ${v} : ${alpha} * ${v})`,
    // α = 0 with an infinite e must give 0, as relu does, not 0·∞ = NaN.
    backward: (e, z, _a, alpha) => `(${z} > 0 ? ${e} : ${alpha} === 0 ? 0 : ${alpha} * ${e})`,
  },
};
