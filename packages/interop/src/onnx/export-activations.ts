/**
 * Each core activation as standard ONNX operators (opset 21), the same function core computes
 * (packages/core/src/activations/): a `Record` over core's Activation type, so a kind added to
 * core fails to compile here until it has an ONNX form.
 */
import type { Activation } from '@backprop/core';
import type { GraphBuilder } from './graph-builder.js';

type Emit = (g: GraphBuilder, z: string, alpha: number) => string;

export const ONNX_ACTIVATIONS: Record<Activation, Emit> = {
  relu: (g, z) => g.node('Relu', [z]),
  // core: max(z, α·z) for 0 ≤ α ≤ 1, which is LeakyRelu's z ≥ 0 ? z : α·z.
  leakyRelu: (g, z, alpha) => g.node('LeakyRelu', [z], { alpha }),
  sigmoid: (g, z) => g.node('Sigmoid', [z]),
  tanh: (g, z) => g.node('Tanh', [z]),
  linear: (_g, z) => z,
  // Opset 13+ Softmax normalises along `axis` alone: each row of the [N, units] output.
  softmax: (g, z) => g.node('Softmax', [z], { axis: { int: 1 } }),
  // Gelu (opset 20) with approximate='tanh' is ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))), core's form.
  gelu: (g, z) => g.node('Gelu', [z], { approximate: 'tanh' }),
  // No SiLU/Swish operator in opset 21: z·σ(z) decomposed, as core defines it.
  silu: (g, z) => g.node('Mul', [z, g.node('Sigmoid', [z])]),
  // Softplus (opset 1) is log(1 + e^z); core's max(z, 0) + log(1 + e^−|z|) is the same function, written to avoid overflow.
  softplus: (g, z) => g.node('Softplus', [z]),
  // Elu (opset 6): z ≥ 0 ? z : α·(e^z − 1), core's ELU with its per-layer α.
  elu: (g, z, alpha) => g.node('Elu', [z], { alpha }),
};
