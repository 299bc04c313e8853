import { keep, type ActivationDefinition } from './definition.js';

/** The logistic function; its derivative is read from A: a·(1 − a). */
export const sigmoid: ActivationDefinition = {
  formula: "f(z) = 1 / (1 + e^−z); f'(z) = a·(1 − a)",
  smooth: true,
  derivativeReads: 'a',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => b.unary('sigmoid', z),
  backward: (b, dA, _z, a) => {
    const aMinusOne = b.binaryScalar('sub', a, 1);
    const d = b.binary('mul', a, aMinusOne); // a·(a − 1) = −f'
    const negated = b.binary('mul', dA, d);
    return keep(b, b.unary('neg', negated), aMinusOne, d, negated);
  },
  host: {
    kind: 'elementwise',
    forward: (v) => `1 / (1 + Math.exp(-${v}))`,
    backward: (e, _z, a) => `${e} * (${a} * (1 - ${a}))`,
  },
};
