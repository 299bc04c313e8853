/**
 * The numbers the WebAssembly kernels (assembly/) use for each op, activation and loss. One
 * table each, checked for completeness by the compiler; the kernels' switch statements follow
 * this order.
 */
import type { Activation, BinaryOp, Loss, ReduceOp, UnaryOp } from '@backprop/core';

export const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0,
  exp: 1,
  log: 2,
  sqrt: 3,
  square: 4,
  abs: 5,
  reciprocal: 6,
  relu: 7,
  step: 8,
  sigmoid: 9,
  tanh: 10,
};

export const BINARY_CODE: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5, greater: 6 };

export const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, max: 1 };

/** The activations the kernels fuse; any other kind runs on core's reference (fusedKinds). */
export const FUSED_ACTIVATIONS = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const satisfies readonly Activation[];
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
export const ACTIVATION_CODE: Record<FusedActivation, number> = { relu: 0, leakyRelu: 1, sigmoid: 2, tanh: 3, linear: 4, softmax: 5 };

export const FUSED_LOSSES = ['mse', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy'] as const satisfies readonly Loss[];
export type FusedLoss = (typeof FUSED_LOSSES)[number];
export const LOSS_CODE: Record<FusedLoss, number> = { mse: 0, softmaxCrossEntropy: 1, sigmoidBinaryCrossEntropy: 2 };

/** How b broadcasts against a in `binary`: a's shape, a row [1, cols], a column [rows, 1], a scalar [1, 1]. */
export const BROADCAST = { same: 0, row: 1, column: 2, scalar: 3 } as const;

/** The kernels' code for an activation; core calls the fused kernels only for FUSED_ACTIVATIONS (fusedKinds). */
export function activationCode(kind: Activation): number {
  const code = (ACTIVATION_CODE as Partial<Record<Activation, number>>)[kind];
  if (code === undefined) throw new Error(`wasm kernels: activation '${kind}' is not fused (core should have run its reference)`);
  return code;
}

/** The kernels' code for a loss; core calls the fused kernels only for FUSED_LOSSES (fusedKinds). */
export function lossCode(loss: Loss): number {
  const code = (LOSS_CODE as Partial<Record<Loss, number>>)[loss];
  if (code === undefined) throw new Error(`wasm kernels: loss '${loss}' is not fused (core should have run its reference)`);
  return code;
}
