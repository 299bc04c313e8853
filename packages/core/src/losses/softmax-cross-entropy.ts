import { div, exp, log, mul, neg, rowMax, rowSum, sub } from '../expr/expr.js';
import { a, y, z, type LossDefinition } from './definition.js';

/** log softmax(z) = (z − max) − log Σ exp(z − max): never overflows. */
const shifted = sub(z, rowMax(z));
const logSoftmax = sub(shifted, log(rowSum(exp(shifted))));

/** Cross-entropy of a softmax output against one-hot (or probability) targets, from the logits. */
export const softmaxCrossEntropy: LossDefinition = {
  formula: 'C = −Σ_j y_j·log softmax(z)_j per sample; dC/dZ = A − Y',
  outputActivations: ['softmax'],
  minOutputs: 2,
  targets: 'oneHot',
  accuracy: 'argmax',
  error: 'canonical',
  // −y/a: only reached if a caller asks for dLoss/dA explicitly; the error is canonical.
  dLossdA: neg(div(y, a)),
  elements: neg(mul(y, logSoftmax)),
};
