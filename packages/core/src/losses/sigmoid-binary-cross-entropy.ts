import { keep } from '../activations/definition.js';
import type { LossDefinition } from './definition.js';

/** Binary cross-entropy of sigmoid outputs against 0/1 labels, from the logits. */
export const sigmoidBinaryCrossEntropy: LossDefinition = {
  formula: 'C = Σ_j max(z_j, 0) − z_j·y_j + log(1 + e^−|z_j|) per sample (stable for any z); dC/dZ = A − Y',
  outputActivations: ['sigmoid'],
  minOutputs: 1,
  targets: 'binary',
  accuracy: 'threshold',
  error: 'canonical',
  dLossdA: (b, a, y) => {
    // (a − y)/(a·(1 − a)): only reached if a caller asks for dLoss/dA explicitly; the error is canonical.
    const diff = b.binary('sub', a, y);
    const aMinusOne = b.binaryScalar('sub', a, 1);
    const denom = b.binary('mul', a, aMinusOne);
    const ratio = b.binary('div', diff, denom);
    return keep(b, b.unary('neg', ratio), diff, aMinusOne, denom, ratio);
  },
  elements: (b, z, _a, y) => {
    const relu = b.unary('relu', z);
    const zy = b.binary('mul', z, y);
    const t1 = b.binary('sub', relu, zy);
    const absZ = b.unary('abs', z);
    const negAbs = b.unary('neg', absZ);
    const e = b.unary('exp', negAbs);
    const onePlus = b.binaryScalar('add', e, 1);
    const log = b.unary('log', onePlus);
    return keep(b, b.binary('add', t1, log), relu, zy, t1, absZ, negAbs, e, onePlus, log);
  },
  host: {
    rowLoss: ({ z, y, ro, yo, U }) => `for (let j = 0; j < ${U}; j++) { const v = ${z}[${ro} + j];
      loss += (v > 0 ? v : 0) - v * ${y}[${yo} + j] + Math.log(1 + Math.exp(-Math.abs(v))); }`,
    dLossdA: (a, y) => `((${a} - ${y}) / (${a} * (1 - ${a})))`,
  },
};
