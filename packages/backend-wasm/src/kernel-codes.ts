/**
 * The numbers the WebAssembly kernels (assembly/elementwise.ts) use for each primitive op. One
 * table each, checked for completeness by the compiler; the kernels' switch statements follow
 * this order. Activations, losses and update rules have no codes: the build prints each of
 * core's programs as its own kernel (assembly/generated/programs.ts).
 */
import type { BinaryOp, ReduceOp, UnaryOp } from '@backprop/core';

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

/** How b broadcasts against a in `binary`: a's shape, a row [1, cols], a column [rows, 1], a scalar [1, 1]. */
export const BROADCAST = { same: 0, row: 1, column: 2, scalar: 3 } as const;
