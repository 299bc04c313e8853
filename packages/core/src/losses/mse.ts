import { keep } from '../activations/definition.js';
import type { LossDefinition } from './definition.js';

/** Mean squared error as in the article: C = 0.5·(ŷ − y)², C' = ŷ − y. */
export const mse: LossDefinition = {
  formula: "C = Σ_j 0.5·(ŷ_j − y_j)² per sample; C' = ŷ − y",
  outputActivations: 'any',
  minOutputs: 1,
  targets: 'real',
  accuracy: undefined,
  error: 'throughActivation',
  dLossdA: (b, a, y) => b.binary('sub', a, y),
  elements: (b, _z, a, y) => {
    const diff = b.binary('sub', a, y);
    const sq = b.unary('square', diff);
    return keep(b, b.binaryScalar('mul', sq, 0.5), diff, sq);
  },
  host: {
    rowLoss: ({ a, y, ro, yo, U }) => `for (let j = 0; j < ${U}; j++) { const d = ${a}[${ro} + j] - ${y}[${yo} + j]; loss += 0.5 * d * d; }`,
    dLossdA: (a, y) => `(${a} - ${y})`,
  },
};
