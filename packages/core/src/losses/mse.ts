import { mul, sub } from '../expr/expr.js';
import { a, y, type LossDefinition } from './definition.js';

const diff = sub(a, y);

/** Mean squared error as in the article: C = 0.5·(ŷ − y)², C' = ŷ − y. */
export const mse: LossDefinition = {
  formula: "C = Σ_j 0.5·(ŷ_j − y_j)² per sample; C' = ŷ − y",
  outputActivations: 'any',
  minOutputs: 1,
  targets: 'real',
  accuracy: undefined,
  error: 'throughActivation',
  dLossdA: diff,
  elements: mul(0.5, mul(diff, diff)),
};
