/**
 * Elementwise functions of two arguments with b broadcast. Every broadcast shape reduces to
 * runs of `length` elements where b advances with stride 1 (same shape, or a row against each
 * row of a) or stride 0 (a column's value along a row, or a scalar), so one loop per op covers
 * all four shapes.
 */
import type { BinaryOp } from '@backprop/core';
import type { FloatArray } from '../storage.js';

/** out[o+i] = a[o+i] op b[bo + i·bStride] for i < length, where o is `offset`. */
function runInto(op: BinaryOp, a: FloatArray, b: FloatArray, out: FloatArray, offset: number, length: number, bo: number, bStride: number): void {
  const end = offset + length;
  switch (op) {
    case 'add':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = a[i]! + b[j]!;
      return;
    case 'sub':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = a[i]! - b[j]!;
      return;
    case 'mul':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = a[i]! * b[j]!;
      return;
    case 'div':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = a[i]! / b[j]!;
      return;
    case 'max':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = Math.max(a[i]!, b[j]!);
      return;
    case 'min':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = Math.min(a[i]!, b[j]!);
      return;
    case 'greater':
      for (let i = offset, j = bo; i < end; i++, j += bStride) out[i] = a[i]! > b[j]! ? 1 : 0;
      return;
  }
}

/**
 * out = a op b for a of shape rows×cols and b of shape bRows×bCols, which is a's shape, a row
 * [1, cols], a column [rows, 1] or a scalar [1, 1] (core has checked it).
 */
export function binaryInto(op: BinaryOp, a: FloatArray, rows: number, cols: number, b: FloatArray, bRows: number, bCols: number, out: FloatArray): void {
  if (bRows === rows && bCols === cols) {
    runInto(op, a, b, out, 0, rows * cols, 0, 1);
  } else if (bRows === 1 && bCols === 1) {
    runInto(op, a, b, out, 0, rows * cols, 0, 0);
  } else if (bRows === 1) {
    for (let r = 0; r < rows; r++) runInto(op, a, b, out, r * cols, cols, 0, 1);
  } else {
    for (let r = 0; r < rows; r++) runInto(op, a, b, out, r * cols, cols, r, 0);
  }
}

const scalarHolder = new Float64Array(1);

/** out = a op s for a plain number s. */
export function binaryScalarInto(op: BinaryOp, a: FloatArray, s: number, out: FloatArray, length: number): void {
  scalarHolder[0] = s;
  runInto(op, a, scalarHolder, out, 0, length, 0, 0);
}
