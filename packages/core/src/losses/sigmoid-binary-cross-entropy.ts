import { abs, add, div, exp, log, mul, neg, sub, where } from '../expr/expr.js';
import { a, y, z, type LossDefinition } from './definition.js';

/** Binary cross-entropy of sigmoid outputs against 0/1 labels, from the logits. */
export const sigmoidBinaryCrossEntropy: LossDefinition = {
  formula: 'C = Σ_j max(z_j, 0) − z_j·y_j + log(1 + e^−|z_j|) per sample (stable for any z); dC/dZ = A − Y',
  outputActivations: ['sigmoid'],
  minOutputs: 1,
  targets: 'binary',
  accuracy: 'threshold',
  error: 'canonical',
  // (a − y)/(a·(1 − a)): only reached if a caller asks for dLoss/dA explicitly; the error is canonical.
  dLossdA: div(sub(a, y), mul(a, sub(1, a))),
  elements: add(sub(where(z, 0, z, 0), mul(z, y)), log(add(1, exp(neg(abs(z)))))),
};
