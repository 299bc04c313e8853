/**
 * How each engine should run a matmul with transpose flags: backpropagation is made of exactly
 * those products (dW = Aᵀ·E, dA = E·Wᵀ), so this choice decides training speed.
 *
 * Measured on this 2-core machine (README, "Matmul"): tfjs's wasm engine sends any flagged
 * matmul down a slow path (~2 GFLOP/s at 256–512) while an explicit `transpose` followed by a
 * plain matmul reaches ~20–25 GFLOP/s. The cpu engine is the reverse, slightly: its kernel
 * reads either layout at the same speed, so a transpose is pure extra work. TensorFlow's native
 * MatMul takes the flags inside its kernels (oneDNN/Eigen contractions), and measured so
 * (libtensorflow 2.20 from the offline build, README "Matmul"): an explicit transpose costs 10–25%
 * more CPU time per mnist-like and wide training step and per Aᵀ·B / A·Bᵀ at 256–1024, so it keeps them.
 * The browser engines, measured in headless Chromium (packages/browser-conformance `pnpm bench
 * --matmul`, SwiftShader, 128–512): webgl's and webgpu's matmul shaders index either layout, and
 * an explicit transpose won no consistent race (webgl 512: flags 2.3–2.5 vs explicit 2.0–2.5
 * GFLOP/s; webgpu: flags ahead in 7 of 9 flagged cases), so both keep the flags; wasm in Chromium
 * confirms explicit transposes (7–12× at 256–512).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsEngine } from './engines.js';

export type MatmulStrategy = 'flags' | 'explicit-transpose';

export const MATMUL_STRATEGY: Readonly<Record<TfjsEngine, MatmulStrategy>> = {
  wasm: 'explicit-transpose',
  cpu: 'flags',
  tensorflow: 'flags',
  webgl: 'flags',
  webgpu: 'flags',
};

/** op(a)·op(b) with the engine's fastest strategy. Frees any transposed copy it made. */
export function matmulWith(strategy: MatmulStrategy, a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  if (strategy === 'flags' || (!transposeA && !transposeB)) return tf.matMul(a, b, transposeA, transposeB);
  const left = transposeA ? tf.transpose(a) : a;
  const right = transposeB ? tf.transpose(b) : b;
  const product = tf.matMul<tf.Tensor2D>(left, right);
  if (left !== a) left.dispose();
  if (right !== b) right.dispose();
  return product;
}
