/**
 * Reference implementations of the composite operations, built only from the primitives.
 * They define what each composite means: a backend's fused override must agree with them
 * (the conformance suite checks it). Every intermediate handle is disposed here.
 */
import type { ActivationSpec, AdamHyper, BackendPrimitives, CompositeOps, Loss, Matrix } from './backend.js';

type P = BackendPrimitives;

function activation(b: P, spec: ActivationSpec, z: Matrix): Matrix {
  switch (spec.kind) {
    case 'relu':
      return b.unary('relu', z);
    case 'leakyRelu': {
      // max(z, α·z) equals leakyRelu for 0 ≤ α ≤ 1, which core enforces.
      const scaled = b.binaryScalar('mul', z, spec.alpha);
      const out = b.binary('max', z, scaled);
      b.dispose(scaled);
      return out;
    }
    case 'sigmoid':
      return b.unary('sigmoid', z);
    case 'tanh':
      return b.unary('tanh', z);
    case 'linear':
      // A copy, so that the caller owns a handle distinct from z.
      return b.binaryScalar('mul', z, 1);
    case 'softmax':
      return softmax(b, z);
  }
}

/** Row-wise softmax, shifted by each row's maximum so that exp never overflows. */
function softmax(b: P, z: Matrix): Matrix {
  const max = b.reduce('max', z, 1);
  const shifted = b.binary('sub', z, max);
  const e = b.unary('exp', shifted);
  const sum = b.reduce('sum', e, 1);
  const out = b.binary('div', e, sum);
  for (const m of [max, shifted, e, sum]) b.dispose(m);
  return out;
}

/** log(softmax(z)) computed as (z − max) − log Σ exp(z − max). */
function logSoftmax(b: P, z: Matrix): Matrix {
  const max = b.reduce('max', z, 1);
  const shifted = b.binary('sub', z, max);
  const e = b.unary('exp', shifted);
  const sum = b.reduce('sum', e, 1);
  const logSum = b.unary('log', sum);
  const out = b.binary('sub', shifted, logSum);
  for (const m of [max, shifted, e, sum, logSum]) b.dispose(m);
  return out;
}

function activationBackward(b: P, spec: ActivationSpec, dA: Matrix, z: Matrix, a: Matrix): Matrix {
  switch (spec.kind) {
    case 'relu': {
      const d = b.unary('step', z);
      const out = b.binary('mul', dA, d);
      b.dispose(d);
      return out;
    }
    case 'leakyRelu': {
      // f'(z) = 1 for z > 0, else α: step(z)·(1 − α) + α.
      const s = b.unary('step', z);
      const s1 = b.binaryScalar('mul', s, 1 - spec.alpha);
      const d = b.binaryScalar('add', s1, spec.alpha);
      const out = b.binary('mul', dA, d);
      for (const m of [s, s1, d]) b.dispose(m);
      return out;
    }
    case 'sigmoid': {
      // f'(z) = a·(1 − a)
      const oneMinus = b.binaryScalar('sub', a, 1);
      const d = b.binary('mul', a, oneMinus); // a·(a − 1) = −f'
      const out0 = b.binary('mul', dA, d);
      const out = b.unary('neg', out0);
      for (const m of [oneMinus, d, out0]) b.dispose(m);
      return out;
    }
    case 'tanh': {
      // f'(z) = 1 − a²
      const sq = b.unary('square', a);
      const d = b.binaryScalar('sub', sq, 1); // a² − 1 = −f'
      const out0 = b.binary('mul', dA, d);
      const out = b.unary('neg', out0);
      for (const m of [sq, d, out0]) b.dispose(m);
      return out;
    }
    case 'linear':
      return b.binaryScalar('mul', dA, 1);
    case 'softmax': {
      // dZ = A ⊙ (dA − Σ_j dA_j·A_j), the softmax Jacobian applied row by row.
      const prod = b.binary('mul', dA, a);
      const dot = b.reduce('sum', prod, 1);
      const diff = b.binary('sub', dA, dot);
      const out = b.binary('mul', a, diff);
      for (const m of [prod, dot, diff]) b.dispose(m);
      return out;
    }
  }
}

function denseForward(b: P, x: Matrix, w: Matrix, bias: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
  const xw = b.matmul(x, w, false, false);
  const z = b.binary('add', xw, bias);
  b.dispose(xw);
  if (spec.kind === 'linear') return { z, a: z };
  return { z, a: activation(b, spec, z) };
}

/** The mean over rows of a per-sample sum, as a 1×1 matrix. */
function batchMean(b: P, perElement: Matrix): Matrix {
  const rowSums = b.reduce('sum', perElement, 1);
  const total = b.reduce('sum', rowSums, 0);
  const mean = b.binaryScalar('div', total, perElement.rows);
  for (const m of [rowSums, total]) b.dispose(m);
  return mean;
}

function lossElements(b: P, loss: Loss, z: Matrix, a: Matrix, y: Matrix): Matrix {
  switch (loss) {
    case 'mse': {
      // 0.5·(ŷ − y)²
      const diff = b.binary('sub', a, y);
      const sq = b.unary('square', diff);
      const out = b.binaryScalar('mul', sq, 0.5);
      for (const m of [diff, sq]) b.dispose(m);
      return out;
    }
    case 'softmaxCrossEntropy': {
      // −y·log softmax(z)
      const logP = logSoftmax(b, z);
      const prod = b.binary('mul', y, logP);
      const out = b.unary('neg', prod);
      for (const m of [logP, prod]) b.dispose(m);
      return out;
    }
    case 'sigmoidBinaryCrossEntropy': {
      // max(z, 0) − z·y + log(1 + exp(−|z|)): stable for any z.
      const relu = b.unary('relu', z);
      const zy = b.binary('mul', z, y);
      const t1 = b.binary('sub', relu, zy);
      const absZ = b.unary('abs', z);
      const negAbs = b.unary('neg', absZ);
      const e = b.unary('exp', negAbs);
      const onePlus = b.binaryScalar('add', e, 1);
      const log = b.unary('log', onePlus);
      const out = b.binary('add', t1, log);
      for (const m of [relu, zy, t1, absZ, negAbs, e, onePlus, log]) b.dispose(m);
      return out;
    }
  }
}

function lossValue(b: P, loss: Loss, _spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): Matrix {
  const elements = lossElements(b, loss, z, a, y);
  const mean = batchMean(b, elements);
  b.dispose(elements);
  return mean;
}

function outputError(b: P, loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): { loss: Matrix; error: Matrix } {
  const value = lossValue(b, loss, spec, z, a, y);
  const batch = z.rows;
  if (loss === 'mse') {
    // E_L = C'(Ŷ, Y) ⊙ f'(Z_L), with C' = (Ŷ − Y)/batch under the mean-over-batch convention.
    const diff = b.binary('sub', a, y);
    const dA = b.binaryScalar('div', diff, batch);
    const error = activationBackward(b, spec, dA, z, a);
    for (const m of [diff, dA]) b.dispose(m);
    return { loss: value, error };
  }
  // Softmax + cross-entropy and sigmoid + binary cross-entropy: dLoss/dZ = (A − Y)/batch.
  const diff = b.binary('sub', a, y);
  const error = b.binaryScalar('div', diff, batch);
  b.dispose(diff);
  return { loss: value, error };
}

function sgdUpdate(b: P, w: Matrix, g: Matrix, lr: number): Matrix {
  const step = b.binaryScalar('mul', g, lr);
  const out = b.binary('sub', w, step);
  b.dispose(step);
  return out;
}

function momentumUpdate(b: P, w: Matrix, v: Matrix, g: Matrix, lr: number, momentum: number): { w: Matrix; v: Matrix } {
  const decayed = b.binaryScalar('mul', v, momentum);
  const v2 = b.binary('add', decayed, g);
  const w2 = sgdUpdate(b, w, v2, lr);
  b.dispose(decayed);
  return { w: w2, v: v2 };
}

function adamUpdate(b: P, w: Matrix, m: Matrix, v: Matrix, g: Matrix, h: AdamHyper): { w: Matrix; m: Matrix; v: Matrix } {
  const m1 = b.binaryScalar('mul', m, h.beta1);
  const g1 = b.binaryScalar('mul', g, 1 - h.beta1);
  const m2 = b.binary('add', m1, g1);
  const g2 = b.unary('square', g);
  const v1 = b.binaryScalar('mul', v, h.beta2);
  const g2s = b.binaryScalar('mul', g2, 1 - h.beta2);
  const v2 = b.binary('add', v1, g2s);
  // The bias-corrected moments are computed explicitly rather than folded into the step size
  // (that would move where ε applies), so every backend means exactly the same update.
  const mHat = b.binaryScalar('div', m2, 1 - Math.pow(h.beta1, h.step));
  const vHat = b.binaryScalar('div', v2, 1 - Math.pow(h.beta2, h.step));
  const root = b.unary('sqrt', vHat);
  const denom = b.binaryScalar('add', root, h.epsilon);
  const ratio = b.binary('div', mHat, denom);
  const w2 = sgdUpdate(b, w, ratio, h.lr);
  for (const x of [m1, g1, g2, v1, g2s, mHat, vHat, root, denom, ratio]) b.dispose(x);
  return { w: w2, m: m2, v: v2 };
}

/** The reference composites bound to a backend's primitives. */
export function referenceOps(b: P): CompositeOps {
  return {
    activation: (spec, z) => activation(b, spec, z),
    activationBackward: (spec, dA, z, a) => activationBackward(b, spec, dA, z, a),
    denseForward: (x, w, bias, spec) => denseForward(b, x, w, bias, spec),
    outputError: (loss, spec, z, a, y) => outputError(b, loss, spec, z, a, y),
    lossValue: (loss, spec, z, a, y) => lossValue(b, loss, spec, z, a, y),
    sgdUpdate: (w, g, lr) => sgdUpdate(b, w, g, lr),
    momentumUpdate: (w, v, g, lr, mu) => momentumUpdate(b, w, v, g, lr, mu),
    adamUpdate: (w, m, v, g, h) => adamUpdate(b, w, m, v, g, h),
  };
}
