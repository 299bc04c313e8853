/**
 * Loss values and output-layer errors in one pass, with the batch convention of core's
 * reference-ops.ts: the mean over rows of a per-sample sum over outputs.
 */
import type { Loss } from '@backprop/core';
import type { FloatArray } from '../storage.js';
import { activationBackwardInto, type JsActivationSpec } from './activation.js';

/** The losses these kernels fuse; core runs every other loss on its reference (fusedKinds). */
export const JS_FUSED_LOSSES = ['mse', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy'] as const satisfies readonly Loss[];
export type JsFusedLoss = (typeof JS_FUSED_LOSSES)[number];

/** The batch loss: mean over the rows of Σ_j ℓ(z, a, y)_j. */
export function lossValueOf(loss: JsFusedLoss, z: FloatArray, a: FloatArray, y: FloatArray, rows: number, cols: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let rowSum = 0;
    switch (loss) {
      case 'mse':
        // 0.5·(ŷ − y)², as in the article.
        for (let j = 0; j < cols; j++) {
          const d = a[o + j]! - y[o + j]!;
          rowSum += 0.5 * (d * d);
        }
        break;
      case 'softmaxCrossEntropy': {
        // −Σ y·log softmax(z), with log softmax(z) = (z − max) − log Σ exp(z − max).
        let max = z[o]!;
        for (let j = 1; j < cols; j++) max = Math.max(max, z[o + j]!);
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j]! - max);
        const logSum = Math.log(sum);
        for (let j = 0; j < cols; j++) rowSum += -(y[o + j]! * (z[o + j]! - max - logSum));
        break;
      }
      case 'sigmoidBinaryCrossEntropy':
        // max(z, 0) − z·y + log(1 + exp(−|z|)): stable for any z.
        for (let j = 0; j < cols; j++) {
          const x = z[o + j]!;
          rowSum += (x > 0 ? x : 0) - x * y[o + j]! + Math.log(Math.exp(-Math.abs(x)) + 1);
        }
        break;
    }
    total += rowSum;
  }
  return total / rows;
}

/**
 * Writes E_L = dLoss/dZ_L into `error`: for MSE, ((ŷ − y)/batch) ⊙ f'(z); for softmax with
 * cross-entropy and sigmoid with binary cross-entropy, (a − y)/batch.
 */
export function outputErrorInto(
  loss: JsFusedLoss,
  spec: JsActivationSpec,
  z: FloatArray,
  a: FloatArray,
  y: FloatArray,
  error: FloatArray,
  rows: number,
  cols: number,
): void {
  const length = rows * cols;
  for (let i = 0; i < length; i++) error[i] = (a[i]! - y[i]!) / rows;
  switch (loss) {
    case 'mse':
      activationBackwardInto(spec, error, z, a, error, rows, cols);
      return;
    case 'softmaxCrossEntropy':
    case 'sigmoidBinaryCrossEntropy':
      // The paired activation's derivative cancels: (a − y)/batch is already dLoss/dZ.
      return;
  }
}
