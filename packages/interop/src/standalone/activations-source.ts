/**
 * Each core activation as plain JavaScript for the standalone module: a function of the row
 * `z` (a Float64Array of one layer's pre-activations) written in place, and the layer's alpha.
 * Fixed text only: no value is ever formatted into it. A `Record` over core's Activation type,
 * so a kind added to core fails to compile here until it has a standalone form.
 */
import type { Activation } from '@backprop/core';

const elementwise = (expression: string): string => `for (let j = 0; j < z.length; j++) { const v = z[j]; z[j] = ${expression}; }`;

export const STANDALONE_ACTIVATIONS: Record<Activation, string> = {
  relu: elementwise('v > 0 ? v : 0'),
  leakyRelu: elementwise('v > 0 ? v : alpha * v'),
  sigmoid: elementwise('1 / (1 + Math.exp(-v))'),
  tanh: elementwise('Math.tanh(v)'),
  linear: '',
  // As core: shift by the row's maximum so that exp cannot overflow.
  softmax: 'let m = -Infinity; for (let j = 0; j < z.length; j++) if (z[j] > m) m = z[j]; let s = 0; for (let j = 0; j < z.length; j++) { z[j] = Math.exp(z[j] - m); s += z[j]; } for (let j = 0; j < z.length; j++) z[j] /= s;',
  gelu: elementwise('0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)))'),
  silu: elementwise('v / (1 + Math.exp(-v))'),
  softplus: elementwise('(v > 0 ? v : 0) + Math.log(1 + Math.exp(-Math.abs(v)))'),
  elu: elementwise('v > 0 ? v : alpha * (Math.exp(v) - 1)'),
};
