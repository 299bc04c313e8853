/**
 * Float64 loops that say what each primitive of the Backend contract means: the plainest
 * matmul, elementwise ops with the contract's broadcast (same shape, row, column or scalar),
 * and reductions, on row-major arrays. A backend's tests compare its results with these.
 */
import type { Axis, BinaryOp, ReduceOp, UnaryOp } from '@backprop/core';

/** A row-major rows×cols matrix of float64 values. */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function dense(rows: number, cols: number, data: ArrayLike<number>): Dense {
  if (data.length !== rows * cols) throw new Error(`dense: ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data: Float64Array.from(data) };
}

function at(m: Dense, r: number, c: number): number {
  return m.data[r * m.cols + c]!;
}

export function transpose64(m: Dense): Dense {
  const out = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = at(m, r, c);
  return { rows: m.cols, cols: m.rows, data: out };
}

/** op(a)·op(b) by the textbook triple loop, op transposing where its flag is set. */
export function matmul64(a: Dense, b: Dense, transposeA = false, transposeB = false): Dense {
  const l = transposeA ? transpose64(a) : a;
  const r = transposeB ? transpose64(b) : b;
  if (l.cols !== r.rows) throw new Error(`matmul64: inner sizes differ, [${l.rows},${l.cols}] × [${r.rows},${r.cols}]`);
  const out = new Float64Array(l.rows * r.cols);
  for (let i = 0; i < l.rows; i++) {
    for (let j = 0; j < r.cols; j++) {
      let s = 0;
      for (let k = 0; k < l.cols; k++) s += at(l, i, k) * at(r, k, j);
      out[i * r.cols + j] = s;
    }
  }
  return { rows: l.rows, cols: r.cols, data: out };
}

/** What each unary op means (the contract: step(x) is 1 where x > 0, else 0). */
export const UNARY_F64: Readonly<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  abs: Math.abs,
  reciprocal: (x) => 1 / x,
  relu: (x) => (x > 0 ? x : 0),
  step: (x) => (x > 0 ? 1 : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
};

/** What each binary op means (the contract: greater(a, b) is 1 where a > b, else 0). */
export const BINARY_F64: Readonly<Record<BinaryOp, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  max: Math.max,
  min: Math.min,
  greater: (x, y) => (x > y ? 1 : 0),
};

/** f(a[r, c], r, c) for every element. */
export function map64(a: Dense, f: (v: number, r: number, c: number) => number): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, i) => f(v, Math.floor(i / a.cols), i % a.cols)) };
}

export function unary64(op: UnaryOp, a: Dense): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map(UNARY_F64[op]) };
}

/** b's element that meets a[r, c] under the contract's broadcast. */
export function broadcastAt(b: Dense, r: number, c: number): number {
  return at(b, b.rows === 1 ? 0 : r, b.cols === 1 ? 0 : c);
}

/** a op b with b the same shape, a row [1, cols], a column [rows, 1] or a scalar [1, 1]. */
export function binary64(op: BinaryOp, a: Dense, b: Dense): Dense {
  const f = BINARY_F64[op];
  const out = new Float64Array(a.rows * a.cols);
  for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) out[r * a.cols + c] = f(at(a, r, c), broadcastAt(b, r, c));
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Sum or max over axis 0 (giving [1, cols]) or axis 1 (giving [rows, 1]). */
export function reduce64(op: ReduceOp, a: Dense, axis: Axis): Dense {
  const rows = axis === 0 ? 1 : a.rows;
  const cols = axis === 0 ? a.cols : 1;
  const out = new Float64Array(rows * cols).fill(op === 'sum' ? 0 : -Infinity);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < a.cols; c++) {
      const i = axis === 0 ? c : r;
      out[i] = op === 'sum' ? out[i]! + at(a, r, c) : Math.max(out[i]!, at(a, r, c));
    }
  }
  return { rows, cols, data: out };
}

/** Values rounded through Float32Array, as float32 storage would hold them. */
export function asFloat32(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(Float32Array.from(values));
}
