import { keep, type ActivationDefinition, type Primitives } from './definition.js';
import type { Matrix } from '../backend.js';

/** Row-wise softmax, shifted by each row's maximum so that exp never overflows. */
export function softmaxRows(b: Primitives, z: Matrix): Matrix {
  const max = b.reduce('max', z, 1);
  const shifted = b.binary('sub', z, max);
  const e = b.unary('exp', shifted);
  const sum = b.reduce('sum', e, 1);
  return keep(b, b.binary('div', e, sum), max, shifted, e, sum);
}

/** Softmax over each row: one probability distribution per sample. */
export const softmax: ActivationDefinition = {
  formula: 'f(z)_j = e^(z_j − max z) / Σ_k e^(z_k − max z); dZ = A ⊙ (dA − Σ_j dA_j·A_j) per row',
  smooth: true,
  derivativeReads: 'a',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => softmaxRows(b, z),
  backward: (b, dA, _z, a) => {
    // The softmax Jacobian applied row by row.
    const prod = b.binary('mul', dA, a);
    const dot = b.reduce('sum', prod, 1);
    const diff = b.binary('sub', dA, dot);
    return keep(b, b.binary('mul', a, diff), prod, dot, diff);
  },
  host: {
    kind: 'row',
    forward: ({ z, a, ro, U }) => `{ let mx = -Infinity; for (let j = 0; j < ${U}; j++) if (${z}[${ro} + j] > mx) mx = ${z}[${ro} + j];
        let sm = 0; for (let j = 0; j < ${U}; j++) sm += Math.exp(${z}[${ro} + j] - mx);
        for (let j = 0; j < ${U}; j++) ${a}[${ro} + j] = Math.exp(${z}[${ro} + j] - mx) / sm; }`,
    backward: ({ a, e, ro, U }) => `{ let dot = 0; for (let j = 0; j < ${U}; j++) dot += ${e}[${ro} + j] * ${a}[${ro} + j];
        for (let j = 0; j < ${U}; j++) ${e}[${ro} + j] = ${a}[${ro} + j] * (${e}[${ro} + j] - dot); }`,
  },
};
