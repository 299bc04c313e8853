/**
 * Reference implementations of the composite operations, built only from the primitives.
 * They define what each composite means: a backend's fused override must agree with them
 * (the conformance suite checks it). The activation and loss math itself lives in the
 * registries (activations/, losses/), one definition each; this file composes it.
 * Every intermediate handle is disposed here.
 */
import { ACTIVATION_DEFINITIONS } from './activations/index.js';
import type { ActivationSpec, AdamHyper, BackendPrimitives, CompositeOps, Loss, Matrix } from './backend.js';
import { LOSS_DEFINITIONS } from './losses/index.js';

type P = BackendPrimitives;

function activation(b: P, spec: ActivationSpec, z: Matrix): Matrix {
  return ACTIVATION_DEFINITIONS[spec.kind].forward(b, z, spec.alpha);
}

function activationBackward(b: P, spec: ActivationSpec, dA: Matrix, z: Matrix, a: Matrix): Matrix {
  return ACTIVATION_DEFINITIONS[spec.kind].backward(b, dA, z, a, spec.alpha);
}

function denseForward(b: P, x: Matrix, w: Matrix, bias: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
  const xw = b.matmul(x, w, false, false);
  const z = b.binary('add', xw, bias);
  b.dispose(xw);
  if (ACTIVATION_DEFINITIONS[spec.kind].identity) return { z, a: z };
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

function lossValue(b: P, loss: Loss, _spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): Matrix {
  const elements = LOSS_DEFINITIONS[loss].elements(b, z, a, y);
  const mean = batchMean(b, elements);
  b.dispose(elements);
  return mean;
}

function outputError(b: P, loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): { loss: Matrix; error: Matrix } {
  const definition = LOSS_DEFINITIONS[loss];
  const value = lossValue(b, loss, spec, z, a, y);
  const batch = z.rows;
  switch (definition.error) {
    case 'canonical': {
      // The paired activation's derivative cancels: dLoss/dZ = (A − Y)/batch.
      const diff = b.binary('sub', a, y);
      const error = b.binaryScalar('div', diff, batch);
      b.dispose(diff);
      return { loss: value, error };
    }
    case 'throughActivation': {
      // E_L = C'(Ŷ, Y)/batch ⊙ f'(Z_L), the mean-over-batch convention.
      const gradient = definition.dLossdA(b, a, y);
      const dA = b.binaryScalar('div', gradient, batch);
      const error = activationBackward(b, spec, dA, z, a);
      for (const m of [gradient, dA]) b.dispose(m);
      return { loss: value, error };
    }
  }
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
