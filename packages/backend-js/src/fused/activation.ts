/**
 * Activations and their derivatives in one pass each, meaning exactly what core's
 * reference-ops.ts composes from primitives (leakyRelu as max(z, α·z), sigmoid's derivative as
 * a·(1 − a), tanh's as 1 − a², softmax row-wise shifted by the row maximum; gelu, silu and
 * softplus as core's definitions in activations/ state them).
 */
import type { Activation, FusedActivationSpec } from '@backprop/core';
import { sigmoid } from '../elementwise/unary.js';
import type { FloatArray } from '../storage.js';

/** The activations these kernels fuse; core runs every other kind on its reference (fusedKinds). */
export const JS_FUSED_ACTIVATIONS = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax', 'gelu', 'silu', 'softplus'] as const satisfies readonly Activation[];
export type JsFusedActivation = (typeof JS_FUSED_ACTIVATIONS)[number];
export type JsActivationSpec = FusedActivationSpec<JsFusedActivation>;

/** GELU's tanh form: √(2/π) and the cubic coefficient (core's activations/gelu.ts). */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** out = f(z) for a rows×cols z. `out` may be `z`. */
export function activationInto(spec: JsActivationSpec, z: FloatArray, out: FloatArray, rows: number, cols: number): void {
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
    case 'gelu':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        out[i] = 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
      }
      return;
    case 'silu':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        out[i] = x * sigmoid(x);
      }
      return;
    case 'softplus':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        out[i] = (x > 0 ? x : 0) + Math.log(1 + Math.exp(-Math.abs(x)));
      }
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
  spec: JsActivationSpec,
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
      // Where f'(z) = α = 0 the product is 0 even for an infinite dA (0·∞ would be NaN).
      const alpha = spec.alpha;
      if (alpha === 0) for (let i = 0; i < length; i++) out[i] = z[i]! > 0 ? dA[i]! : 0;
      else for (let i = 0; i < length; i++) out[i] = z[i]! > 0 ? dA[i]! : alpha * dA[i]!;
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
    case 'gelu':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
        out[i] = dA[i]! * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x));
      }
      return;
    case 'silu':
      for (let i = 0; i < length; i++) {
        const x = z[i]!;
        const s = sigmoid(x);
        out[i] = dA[i]! * (s * (1 + x * (1 - s)));
      }
      return;
    case 'softplus':
      for (let i = 0; i < length; i++) out[i] = dA[i]! * sigmoid(z[i]!);
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
