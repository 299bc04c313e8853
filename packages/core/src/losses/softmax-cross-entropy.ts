import { keep, type Primitives } from '../activations/definition.js';
import type { Matrix } from '../backend.js';
import type { LossDefinition } from './definition.js';

/** log(softmax(z)) computed as (z − max) − log Σ exp(z − max). */
function logSoftmax(b: Primitives, z: Matrix): Matrix {
  const max = b.reduce('max', z, 1);
  const shifted = b.binary('sub', z, max);
  const e = b.unary('exp', shifted);
  const sum = b.reduce('sum', e, 1);
  const logSum = b.unary('log', sum);
  return keep(b, b.binary('sub', shifted, logSum), max, shifted, e, sum, logSum);
}

/** Cross-entropy of a softmax output against one-hot (or probability) targets, from the logits. */
export const softmaxCrossEntropy: LossDefinition = {
  formula: 'C = −Σ_j y_j·log softmax(z)_j per sample; dC/dZ = A − Y',
  outputActivations: ['softmax'],
  minOutputs: 2,
  targets: 'oneHot',
  accuracy: 'argmax',
  error: 'canonical',
  dLossdA: (b, a, y) => {
    // −y/a: only reached if a caller asks for dLoss/dA explicitly; the error is canonical.
    const ratio = b.binary('div', y, a);
    return keep(b, b.unary('neg', ratio), ratio);
  },
  elements: (b, z, _a, y) => {
    const logP = logSoftmax(b, z);
    const prod = b.binary('mul', y, logP);
    return keep(b, b.unary('neg', prod), logP, prod);
  },
  host: {
    rowLoss: ({ z, y, ro, yo, U }) => `{ let mx = -Infinity; for (let j = 0; j < ${U}; j++) if (${z}[${ro} + j] > mx) mx = ${z}[${ro} + j];
      let sm = 0; for (let j = 0; j < ${U}; j++) sm += Math.exp(${z}[${ro} + j] - mx);
      const ls = Math.log(sm); for (let j = 0; j < ${U}; j++) loss -= ${y}[${yo} + j] * (${z}[${ro} + j] - mx - ls); }`,
    dLossdA: (a, y) => `(-${y} / ${a})`,
  },
};
