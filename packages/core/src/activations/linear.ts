import { defineActivation, e, z } from './definition.js';

/** The identity: a regression output. A dense layer's A is its Z (one handle). */
export const linear = defineActivation({
  formula: "f(z) = z; f'(z) = 1",
  smooth: true,
  forward: z,
  backward: e,
});
