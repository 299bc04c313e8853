/**
 * Float64 loops that the tests trust: the plainest possible matmul, elementwise ops with the
 * contract's broadcast, and reductions, on row-major arrays.
 */
import type { Axis, BinaryOp, ReduceOp, UnaryOp } from '@backprop/core';

export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function dense(rows: number, cols: number, data: ArrayLike<number>): Dense {
  return { rows, cols, data: Float64Array.from(data) };
}

function at(m: Dense, r: number, c: number): number {
  return m.data[r * m.cols + c]!;
}

export function transpose(m: Dense): Dense {
  const out = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = at(m, r, c);
  return { rows: m.cols, cols: m.rows, data: out };
}

export function matmul(a: Dense, b: Dense, transposeA: boolean, transposeB: boolean): Dense {
  const l = transposeA ? transpose(a) : a;
  const r = transposeB ? transpose(b) : b;
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

export const UNARY_F64: Readonly<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  abs: Math.abs,
  reciprocal: (x) => 1 / x,
  relu: (x) => Math.max(x, 0),
  step: (x) => (x > 0 ? 1 : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
};

export const BINARY_F64: Readonly<Record<BinaryOp, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  max: Math.max,
  min: Math.min,
  greater: (x, y) => (x > y ? 1 : 0),
};

export function unary(op: UnaryOp, a: Dense): Dense {
  return { ...a, data: a.data.map(UNARY_F64[op]) };
}

/** a op b with b the same shape, a row, a column or a scalar. */
export function binary(op: BinaryOp, a: Dense, b: Dense): Dense {
  const f = BINARY_F64[op];
  const out = new Float64Array(a.rows * a.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < a.cols; c++) {
      out[r * a.cols + c] = f(at(a, r, c), at(b, b.rows === 1 ? 0 : r, b.cols === 1 ? 0 : c));
    }
  }
  return { rows: a.rows, cols: a.cols, data: out };
}

export function reduce(op: ReduceOp, a: Dense, axis: Axis): Dense {
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
