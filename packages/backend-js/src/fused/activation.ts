/**
 * Activations and their derivatives in one pass each, meaning exactly what core's
 * reference-ops.ts composes from primitives (leakyRelu as max(z, α·z), sigmoid's derivative as
 * a·(1 − a), tanh's as 1 − a², softmax row-wise shifted by the row maximum).
 */
import type { ActivationSpec } from '@backprop/core';
import { sigmoid } from '../elementwise/unary.js';
import type { FloatArray } from '../storage.js';

/** out = f(z) for a rows×cols z. `out` may be `z`. */
export function activationInto(spec: ActivationSpec, z: FloatArray, out: FloatArray, rows: number, cols: number): void {
  const length = rows * cols;
  switch (spec.kind) {
    case 'relu':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        out[i] = x > 0 ? x : 0;
      }
      return;
    case 'leakyRelu': {
      const alpha = spec.alpha;
      for (let i = 0; i < length; i++) out[i] = Math.max(z[i]!, alpha * z[i]!);
      return;
    }
    case 'sigmoid':
      for (let i = 0; i < length; i++) out[i] = sigmoid(z[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) out[i] = Math.tanh(z[i]!);
      return;
    case 'linear':
      if (out !== z) out.set(z.subarray(0, length));
      return;
    case 'softmax':
      softmaxRows(z, out, rows, cols);
      return;
  }
}

function softmaxRows(z: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = z[o]!;
    for (let j = 1; j < cols; j++) max = Math.max(max, z[o + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[o + j]! - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < cols; j++) out[o + j] = out[o + j]! / sum;
  }
}

/** out = dA ⊙ f'(z) (softmax: its Jacobian-vector product), given a = f(z). `out` may be `dA`. */
export function activationBackwardInto(
  spec: ActivationSpec,
  dA: FloatArray,
  z: FloatArray,
  a: FloatArray,
  out: FloatArray,
  rows: number,
  cols: number,
): void {
  const length = rows * cols;
  switch (spec.kind) {
    case 'relu':
      for (let i = 0; i < length; i++) out[i] = z[i]! > 0 ? dA[i]! : 0;
      return;
    case 'leakyRelu': {
      const alpha = spec.alpha;
      for (let i = 0; i < length; i++) out[i] = z[i]! > 0 ? dA[i]! : alpha * dA[i]!;
      return;
    }
    case 'sigmoid':
      for (let i = 0; i < length; i++) {
        const y = a[i]!;
        out[i] = dA[i]! * (y * (1 - y));
      }
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) {
        const y = a[i]!;
        out[i] = dA[i]! * (1 - y * y);
      }
      return;
    case 'linear':
      if (out !== dA) out.set(dA.subarray(0, length));
      return;
    case 'softmax':
      // dZ = A ⊙ (dA − Σ_j dA_j·A_j), row by row; the dot is taken before any element is written.
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += dA[o + j]! * a[o + j]!;
        for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! * (dA[o + j]! - dot);
      }
      return;
  }
}

/** z[r, j] += bias[j] for every row: the "+ b" of a dense layer, in place on a fresh z. */
export function addBiasInPlace(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) z[o + j] = z[o + j]! + bias[j]!;
  }
}
