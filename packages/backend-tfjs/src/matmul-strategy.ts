/**
 * How each engine should run a matmul with transpose flags: backpropagation is made of exactly
 * those products (dW = Aᵀ·E, dA = E·Wᵀ), so this choice decides training speed.
 *
 * Measured on this 2-core machine (README, "Matmul"): tfjs's wasm engine sends any flagged
 * matmul down a slow path (~2 GFLOP/s at 256–512) while an explicit `transpose` followed by a
 * plain matmul reaches ~20–25 GFLOP/s. The cpu engine is the reverse, slightly: its kernel
 * reads either layout at the same speed, so a transpose is pure extra work. TensorFlow's native
 * MatMul takes the flags inside its kernels (Eigen/oneDNN contractions), so it keeps them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsEngine } from './engines.js';

export type MatmulStrategy = 'flags' | 'explicit-transpose';

export const MATMUL_STRATEGY: Readonly<Record<TfjsEngine, MatmulStrategy>> = {
  wasm: 'explicit-transpose',
  cpu: 'flags',
  tensorflow: 'flags',
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
