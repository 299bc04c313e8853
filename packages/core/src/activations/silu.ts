import { keep, type ActivationDefinition } from './definition.js';

/**
 * SiLU, also called swish (with β = 1): z·σ(z).
 * Source: Elfwing et al., "Sigmoid-Weighted Linear Units", 2017; Ramachandran et al., "Searching for Activation Functions", 2017.
 */
export const silu: ActivationDefinition = {
  formula: "f(z) = z·σ(z); f'(z) = σ(z)·(1 + z·(1 − σ(z)))",
  source: 'Elfwing et al. 2017; Ramachandran et al. 2017 (swish, β = 1)',
  smooth: true,
  derivativeReads: 'z',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => {
    const s = b.unary('sigmoid', z);
    return keep(b, b.binary('mul', z, s), s);
  },
  backward: (b, dA, z) => {
    const s = b.unary('sigmoid', z);
    const sMinusOne = b.binaryScalar('sub', s, 1);
    const zs = b.binary('mul', z, sMinusOne); // −z·(1 − σ)
    const inner = b.binaryScalar('sub', zs, 1); // −(1 + z·(1 − σ))
    const d = b.binary('mul', s, inner); // −f'
    const negated = b.binary('mul', dA, d);
    return keep(b, b.unary('neg', negated), s, sMinusOne, zs, inner, d, negated);
  },
  host: {
    kind: 'elementwise',
    forward: (v) => `${v} / (1 + Math.exp(-${v}))`,
    backward: (e, z) => `${e} * siluD(${z})`,
    helpers: 'function siluD(z) { const s = 1 / (1 + Math.exp(-z)); return s * (1 + z * (1 - s)); }',
  },
};
