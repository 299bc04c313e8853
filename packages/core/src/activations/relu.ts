import type { ActivationDefinition } from './definition.js';
import { passWhere } from './pass-where.js';

/** The article's activation. f'(0) is taken as 0 (the step primitive is 1 only where z > 0). */
export const relu: ActivationDefinition = {
  formula: 'f(z) = max(z, 0); f\'(z) = 1 for z > 0, else 0',
  smooth: false,
  derivativeReads: 'z',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => b.unary('relu', z),
  // A select, not dA·step(z): an infinite dA where f'(z) = 0 must give 0, not NaN.
  backward: (b, dA, z) => passWhere(b, dA, z, 'positive'),
  host: {
    kind: 'elementwise',
    forward: (v) => `(${v} > 0 ? ${v} : 0)`,
    // A select rather than e·step(z): an infinite error times a zero derivative stays 0, not NaN.
    backward: (e, z) => `(${z} > 0 ? ${e} : 0)`,
  },
};
