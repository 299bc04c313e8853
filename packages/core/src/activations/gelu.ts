import type { Matrix } from '../backend.js';
import { keep, type ActivationDefinition, type Primitives } from './definition.js';

/** √(2/π) and the cubic coefficient of the tanh approximation. */
const C = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/** t = tanh(√(2/π)·(z + 0.044715·z³)), and z² for the derivative. */
function inner(b: Primitives, z: Matrix): { t: Matrix; sq: Matrix } {
  const sq = b.unary('square', z);
  const cube = b.binary('mul', sq, z);
  const kc = b.binaryScalar('mul', cube, K);
  const sum = b.binary('add', z, kc);
  const u = b.binaryScalar('mul', sum, C);
  const t = b.unary('tanh', u);
  for (const m of [cube, kc, sum, u]) b.dispose(m);
  return { t, sq };
}

/**
 * GELU in its tanh form, as in BERT and GPT-2 (PyTorch's `approximate='tanh'`).
 * Source: Hendrycks & Gimpel, "Gaussian Error Linear Units", 2016, eq. for the tanh approximation.
 */
export const gelu: ActivationDefinition = {
  formula: "f(z) = ½·z·(1 + t), t = tanh(√(2/π)·(z + 0.044715·z³)); f'(z) = ½·(1 + t) + ½·z·(1 − t²)·√(2/π)·(1 + 3·0.044715·z²)",
  source: 'Hendrycks & Gimpel 2016, tanh approximation',
  smooth: true,
  derivativeReads: 'z',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => {
    const { t, sq } = inner(b, z);
    const onePlus = b.binaryScalar('add', t, 1);
    const half = b.binaryScalar('mul', z, 0.5);
    return keep(b, b.binary('mul', half, onePlus), t, sq, onePlus, half);
  },
  backward: (b, dA, z) => {
    const { t, sq } = inner(b, z);
    const onePlus = b.binaryScalar('add', t, 1);
    const first = b.binaryScalar('mul', onePlus, 0.5); // ½·(1 + t)
    const poly = b.binaryScalar('mul', sq, 3 * K);
    const poly1 = b.binaryScalar('add', poly, 1); // 1 + 3k·z²
    const g = b.binary('mul', z, poly1);
    const tsq = b.unary('square', t);
    const sech = b.binaryScalar('sub', tsq, 1); // t² − 1 = −(1 − t²)
    const gs = b.binary('mul', g, sech);
    const second = b.binaryScalar('mul', gs, -0.5 * C); // ½·z·(1 − t²)·√(2/π)·(1 + 3k·z²)
    const d = b.binary('add', first, second);
    return keep(b, b.binary('mul', dA, d), t, sq, onePlus, first, poly, poly1, g, tsq, sech, gs, second, d);
  },
  host: {
    kind: 'elementwise',
    forward: (v) => `geluF(${v})`,
    backward: (e, z) => `${e} * geluD(${z})`,
    helpers: `function geluF(v) { return 0.5 * v * (1 + Math.tanh(${C} * (v + ${K} * v * v * v))); }
function geluD(z) { const t = Math.tanh(${C} * (z + ${K} * z * z * z)); return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * ${C} * (1 + ${3 * K} * z * z); }`,
  },
};
