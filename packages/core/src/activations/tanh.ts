import { keep, type ActivationDefinition } from './definition.js';

/** The hyperbolic tangent; its derivative is read from A: 1 − a². */
export const tanh: ActivationDefinition = {
  formula: "f(z) = tanh z; f'(z) = 1 − a²",
  smooth: true,
  derivativeReads: 'a',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => b.unary('tanh', z),
  backward: (b, dA, _z, a) => {
    const sq = b.unary('square', a);
    const d = b.binaryScalar('sub', sq, 1); // a² − 1 = −f'
    const negated = b.binary('mul', dA, d);
    return keep(b, b.unary('neg', negated), sq, d, negated);
  },
  host: {
    kind: 'elementwise',
    forward: (v) => `Math.tanh(${v})`,
    backward: (e, _z, a) => `${e} * (1 - ${a} * ${a})`,
  },
};
