import type { ActivationDefinition } from './definition.js';

/** The identity: a regression output. A dense layer's A is its Z (one handle). */
export const linear: ActivationDefinition = {
  formula: "f(z) = z; f'(z) = 1",
  smooth: true,
  derivativeReads: 'none',
  identity: true,
  usesAlpha: false,
  // Copies, so that the caller owns a handle distinct from its input.
  forward: (b, z) => b.binaryScalar('mul', z, 1),
  backward: (b, dA) => b.binaryScalar('mul', dA, 1),
  host: {
    kind: 'elementwise',
    forward: (v) => v,
    backward: undefined,
  },
};
