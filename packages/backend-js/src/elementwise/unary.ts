/**
 * Elementwise functions of one argument. One loop per op, so that each loop body is a single
 * inlinable expression rather than a call through a table of functions.
 */
import type { UnaryOp } from '@backprop/core';
import type { FloatArray } from '../storage.js';

/** The logistic function, in the form that cannot overflow for either sign of x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** out[i] = op(src[i]) for the first `length` elements. */
export function unaryInto(op: UnaryOp, src: FloatArray, out: FloatArray, length: number): void {
  switch (op) {
    case 'neg':
      for (let i = 0; i < length; i++) out[i] = -src[i]!;
      return;
    case 'exp':
      for (let i = 0; i < length; i++) out[i] = Math.exp(src[i]!);
      return;
    case 'log':
      for (let i = 0; i < length; i++) out[i] = Math.log(src[i]!);
      return;
    case 'sqrt':
      for (let i = 0; i < length; i++) out[i] = Math.sqrt(src[i]!);
      return;
    case 'square':
      for (let i = 0; i < length; i++) {
        const x = src[i]!;
        out[i] = x * x;
      }
      return;
    case 'abs':
      for (let i = 0; i < length; i++) out[i] = Math.abs(src[i]!);
      return;
    case 'reciprocal':
      for (let i = 0; i < length; i++) out[i] = 1 / src[i]!;
      return;
    case 'relu':
      for (let i = 0; i < length; i++) {
        const x = src[i]!;
        out[i] = x > 0 ? x : 0;
      }
      return;
    case 'step':
      for (let i = 0; i < length; i++) out[i] = src[i]! > 0 ? 1 : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < length; i++) out[i] = sigmoid(src[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) out[i] = Math.tanh(src[i]!);
      return;
  }
}
