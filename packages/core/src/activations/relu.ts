import { defineActivation, e, z } from './definition.js';
import { where } from '../expr/expr.js';

/** The article's activation. f'(0) is taken as 0. */
export const relu = defineActivation({
  formula: "f(z) = max(z, 0); f'(z) = 1 for z > 0, else 0",
  smooth: false,
  forward: where(z, 0, z, 0),
  // A select, not e·step(z): an infinite error where f'(z) = 0 must give 0, not NaN.
  backward: where(z, 0, e, 0),
});
