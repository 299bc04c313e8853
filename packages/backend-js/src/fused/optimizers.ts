/**
 * Optimizer updates in one pass over the parameters, meaning what core's reference-ops.ts
 * composes. A moment that is stored and then used again (v' in momentum, m' and v' in Adam) is
 * read back from its storage, so that float32 mode uses the rounded value exactly as the
 * reference does.
 */
import type { AdamHyper } from '@backprop/core';
import type { FloatArray } from '../storage.js';

/** w2 = w − lr·g */
export function sgdInto(w: FloatArray, g: FloatArray, lr: number, w2: FloatArray, length: number): void {
  for (let i = 0; i < length; i++) w2[i] = w[i]! - g[i]! * lr;
}

/** v2 = μ·v + g; w2 = w − lr·v2 */
export function momentumInto(w: FloatArray, v: FloatArray, g: FloatArray, lr: number, momentum: number, w2: FloatArray, v2: FloatArray, length: number): void {
  for (let i = 0; i < length; i++) {
    v2[i] = v[i]! * momentum + g[i]!;
    w2[i] = w[i]! - v2[i]! * lr;
  }
}

/** Adam with bias correction; ε is added to √v̂, as in the reference. */
export function adamInto(
  w: FloatArray,
  m: FloatArray,
  v: FloatArray,
  g: FloatArray,
  h: AdamHyper,
  w2: FloatArray,
  m2: FloatArray,
  v2: FloatArray,
  length: number,
): void {
  const { lr, beta1, beta2, epsilon } = h;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const correction1 = 1 - Math.pow(beta1, h.step);
  const correction2 = 1 - Math.pow(beta2, h.step);
  for (let i = 0; i < length; i++) {
    const gi = g[i]!;
    m2[i] = m[i]! * beta1 + gi * oneMinusBeta1;
    v2[i] = v[i]! * beta2 + gi * gi * oneMinusBeta2;
    const mHat = m2[i]! / correction1;
    const vHat = v2[i]! / correction2;
    w2[i] = w[i]! - (mHat / (Math.sqrt(vHat) + epsilon)) * lr;
  }
}
