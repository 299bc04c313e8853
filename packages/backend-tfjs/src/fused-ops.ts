/**
 * The composite operations on tfjs tensors, using tfjs's own fused kernels where it has them
 * (softmax, logSoftmax, leakyRelu, squaredDifference, softplus, where) and fewer
 * kernel launches than core's reference elsewhere. They mean exactly what core's
 * `reference-ops.ts` means; the conformance suite and `fused-ops.test.ts` check it.
 *
 * Each function returns new tensors and frees its intermediates (tf.tidy), so a training step
 * leaves nothing behind. Nothing here reads data back to JS.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, AdamHyper, FusedActivationSpec, Loss } from '@backprop/core';

/** The activations fused here; core runs every other kind on its reference (fusedKinds). */
export const TFJS_FUSED_ACTIVATIONS = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const satisfies readonly Activation[];
export type TfjsActivationSpec = FusedActivationSpec<(typeof TFJS_FUSED_ACTIVATIONS)[number]>;
/** The losses fused here; core runs every other loss on its reference (fusedKinds). */
export const TFJS_FUSED_LOSSES = ['mse', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy'] as const satisfies readonly Loss[];
export type TfjsFusedLoss = (typeof TFJS_FUSED_LOSSES)[number];

type T = tf.Tensor2D;

/** A = f(Z). 'linear' gives a new tensor sharing Z's data (tfjs tensors are immutable). */
export function activation(spec: TfjsActivationSpec, z: T): T {
  switch (spec.kind) {
    case 'relu':
      return tf.relu(z);
    case 'leakyRelu':
      // tfjs's leakyRelu is max(z, α·z) for 0 ≤ α ≤ 1, which core enforces: the reference's meaning.
      return tf.leakyRelu(z, spec.alpha);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'linear':
      return tf.clone(z);
    case 'softmax':
      // Row-wise (last axis); every engine's kernel subtracts the row maximum first.
      return tf.softmax(z);
  }
}

/** dZ = dA ⊙ f'(Z), given Z and A = f(Z). */
export function activationBackward(spec: TfjsActivationSpec, dA: T, z: T, a: T): T {
  return tf.tidy(() => {
    switch (spec.kind) {
      // Piecewise derivatives select rather than multiply: where f'(z) = 0 the result is 0 even
      // for an infinite dA (dA·step(z) would be 0·∞ = NaN there).
      case 'relu':
        return tf.where(tf.greater(z, 0), dA, tf.zerosLike(dA));
      case 'leakyRelu':
        // f'(z) = 1 for z > 0, else α (at z = 0 too, as in the reference).
        return tf.where(tf.greater(z, 0), dA, spec.alpha === 0 ? tf.zerosLike(dA) : tf.mul(dA, spec.alpha));
      case 'sigmoid':
        return tf.mul(dA, tf.mul(a, tf.sub(1, a)));
      case 'tanh':
        return tf.mul(dA, tf.sub(1, tf.square(a)));
      case 'linear':
        return tf.clone(dA);
      case 'softmax':
        // The softmax Jacobian applied row by row: A ⊙ (dA − Σ_j dA_j·A_j).
        return tf.mul(a, tf.sub(dA, tf.sum(tf.mul(dA, a), 1, true)));
    }
  });
}

/**
 * Z = X·W + b, then A = f(Z). Z must come back too (backpropagation needs f'(Z)), so the
 * activation is not fused into the matmul: that would cost a second matmul.
 *
 * Not `tf.fused.matMul` with the bias: the wasm kernel refuses a [1,n] bias (it wants rank 1,
 * and a reshape keeps the rank-2 storage record, so it would take a copy, i.e. one more kernel),
 * and the cpu and tensorflow kernels run the fused op as matmul + add anyway. The win here is
 * one call instead of three through core, and wasm's fast untransposed matmul.
 */
export function denseForward(x: T, w: T, bias: T, spec: TfjsActivationSpec): { z: T; a: T } {
  const z = tf.tidy(() => tf.add<T>(tf.matMul(x, w), bias));
  if (spec.kind === 'linear') return { z, a: z };
  return { z, a: activation(spec, z) };
}

/** A scalar tensor as the 1×1 matrix the contract uses for losses. */
function asMatrix(scalar: tf.Tensor): T {
  return tf.reshape(scalar, [1, 1]);
}

/** The batch loss: the mean over rows of each row's summed loss, as 1×1. */
function batchLoss(loss: TfjsFusedLoss, z: T, a: T, y: T): T {
  return tf.tidy(() => {
    const rows = z.shape[0];
    switch (loss) {
      case 'mse':
        // Σ 0.5·(ŷ − y)² / rows
        return asMatrix(tf.mul(tf.sum(tf.squaredDifference(a, y)), 0.5 / rows));
      case 'softmaxCrossEntropy':
        // −Σ y·log softmax(z) / rows, with tfjs's stable logSoftmax.
        return asMatrix(tf.div(tf.sum(tf.mul(y, tf.logSoftmax(z))), -rows));
      case 'sigmoidBinaryCrossEntropy': {
        // max(z, 0) − z·y + log(1 + exp(−|z|)), stable for any z; softplus(t) = log(1 + eᵗ).
        const elements = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.softplus(tf.neg(tf.abs(z))));
        return asMatrix(tf.div(tf.sum(elements), rows));
      }
    }
  });
}

export function lossValue(loss: TfjsFusedLoss, z: T, a: T, y: T): T {
  return batchLoss(loss, z, a, y);
}

/** E_L = dLoss/dZ_L and the batch loss, under the mean-over-batch convention. */
export function outputError(loss: TfjsFusedLoss, spec: TfjsActivationSpec, z: T, a: T, y: T): { loss: T; error: T } {
  const value = batchLoss(loss, z, a, y);
  const batch = z.shape[0];
  const error = tf.tidy(() => {
    const dA = tf.div<T>(tf.sub(a, y), batch);
    // Softmax + cross-entropy and sigmoid + binary cross-entropy: dLoss/dZ is (A − Y)/batch itself.
    switch (loss) {
      case 'mse':
        return activationBackward(spec, dA, z, a);
      case 'softmaxCrossEntropy':
      case 'sigmoidBinaryCrossEntropy':
        return dA;
    }
  });
  return { loss: value, error };
}

export function sgdUpdate(w: T, g: T, lr: number): T {
  return tf.tidy(() => tf.sub(w, tf.mul(g, lr)));
}

export function momentumUpdate(w: T, v: T, g: T, lr: number, momentum: number): { w: T; v: T } {
  const v2 = tf.tidy(() => tf.add<T>(tf.mul(v, momentum), g));
  return { w: sgdUpdate(w, v2, lr), v: v2 };
}

/**
 * Adam with explicit bias correction, as the reference: W' = W − lr·m̂/(√v̂ + ε). The step
 * size and m̂'s correction are one scalar (lr/(1 − β1ᵗ)), which moves no ε: it saves a kernel.
 */
export function adamUpdate(w: T, m: T, v: T, g: T, h: AdamHyper): { w: T; m: T; v: T } {
  return tf.tidy(() => {
    const m2 = tf.add<T>(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
    const v2 = tf.add<T>(tf.mul(v, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
    const vHat = tf.div(v2, 1 - Math.pow(h.beta2, h.step));
    const stepSize = h.lr / (1 - Math.pow(h.beta1, h.step));
    const ratio = tf.div(m2, tf.add(tf.sqrt(vHat), h.epsilon));
    return { w: tf.sub(w, tf.mul(ratio, stepSize)), m: m2, v: v2 };
  });
}
