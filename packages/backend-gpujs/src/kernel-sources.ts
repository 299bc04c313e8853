/**
 * gpu.js kernel sources of the primitives, as strings (core's programs, i.e. activations, losses
 * and update rules, are printed from their one definition by program-sources.ts). Strings rather
 * than functions because gpu.js transpiles a function's own source text, and a TypeScript build
 * or a test transformer may rewrite a function's text in ways gpu.js cannot parse. Every shape is
 * baked into the source as a literal: a kernel is compiled per (operation, shape), so loop bounds
 * are constants, which GLSL needs.
 *
 * A matrix is stored row-major with gpu.js output [cols, rows]: element (r, c) is `m[r][c]`,
 * and a thread's row is `this.thread.y`, its column `this.thread.x`.
 */
import type { BinaryOp, UnaryOp } from '@backprop/core';

export interface Shape {
  readonly rows: number;
  readonly cols: number;
}

const ROW = 'this.thread.y';
const COL = 'this.thread.x';

/** The elementwise function of one argument, applied to the identifier `v`. */
export function unaryExpression(op: UnaryOp, v: string): string {
  switch (op) {
    case 'neg':
      return `(0 - ${v})`;
    case 'exp':
      return `Math.exp(${v})`;
    case 'log':
      return `Math.log(${v})`;
    case 'sqrt':
      return `Math.sqrt(${v})`;
    case 'square':
      return `(${v} * ${v})`;
    case 'abs':
      return `Math.abs(${v})`;
    case 'reciprocal':
      return `(1 / ${v})`;
    case 'relu':
      return `Math.max(${v}, 0)`;
    case 'step':
      return `(${v} > 0 ? 1 : 0)`;
    case 'sigmoid':
      // exp(−v) overflows to +∞ for very negative v, and 1/(1+∞) is the right limit, 0.
      return `(1 / (1 + Math.exp(0 - ${v})))`;
    case 'tanh':
      // GLSL ES 1.00 has no tanh; this form never overflows: e = exp(−2|v|) is in (0, 1].
      return `(Math.sign(${v}) * (1 - Math.exp(-2 * Math.abs(${v}))) / (1 + Math.exp(-2 * Math.abs(${v}))))`;
  }
}

/** The elementwise function of two arguments, applied to identifiers `x` and `y`. */
export function binaryExpression(op: BinaryOp, x: string, y: string): string {
  switch (op) {
    case 'add':
      return `(${x} + ${y})`;
    case 'sub':
      return `(${x} - ${y})`;
    case 'mul':
      return `(${x} * ${y})`;
    case 'div':
      return `(${x} / ${y})`;
    case 'max':
      return `Math.max(${x}, ${y})`;
    case 'min':
      return `Math.min(${x}, ${y})`;
    case 'greater':
      return `(${x} > ${y} ? 1 : 0)`;
  }
}

/** How a thread reads `name`, broadcast against an output of shape `out` (same shape, row, column or scalar). */
export function broadcastAccess(name: string, shape: Shape, out: Shape): string {
  const row = shape.rows === out.rows ? ROW : '0';
  const col = shape.cols === out.cols ? COL : '0';
  return `${name}[${row}][${col}]`;
}

const at = (name: string): string => `${name}[${ROW}][${COL}]`;

export function copySource(): string {
  return `function(a) { return ${at('a')}; }`;
}

export function fillSource(): string {
  return 'function(value) { return value; }';
}

export function unarySource(op: UnaryOp): string {
  return `function(a) { const v = ${at('a')}; return ${unaryExpression(op, 'v')}; }`;
}

export function binarySource(op: BinaryOp, a: Shape, b: Shape): string {
  return `function(a, b) { const x = ${at('a')}; const y = ${broadcastAccess('b', b, a)}; return ${binaryExpression(op, 'x', 'y')}; }`;
}

export function binaryScalarSource(op: BinaryOp): string {
  return `function(a, s) { const x = ${at('a')}; return ${binaryExpression(op, 'x', 's')}; }`;
}

/** reduce over rows (axis 0, output [1, cols]) or over columns (axis 1, output [rows, 1]). */
export function reduceSource(op: 'sum' | 'max', axis: 0 | 1, a: Shape): string {
  const n = axis === 0 ? a.rows : a.cols;
  const item = (k: string): string => (axis === 0 ? `a[${k}][${COL}]` : `a[${ROW}][${k}]`);
  if (op === 'sum') {
    return `function(a) { let s = 0; for (let k = 0; k < ${n}; k++) { s += ${item('k')}; } return s; }`;
  }
  return `function(a) { let m = ${item('0')}; for (let k = 1; k < ${n}; k++) { m = Math.max(m, ${item('k')}); } return m; }`;
}

/** The dot product of row `this.thread.y` of op(a) and column `this.thread.x` of op(b), as statements leaving it in `s`. */
function dotStatements(inner: number, transposeA: boolean, transposeB: boolean): string {
  const aItem = transposeA ? `a[k][${ROW}]` : `a[${ROW}][k]`;
  const bItem = transposeB ? `b[${COL}][k]` : `b[k][${COL}]`;
  return `let s = 0; for (let k = 0; k < ${inner}; k++) { s += ${aItem} * ${bItem}; }`;
}

export function matmulSource(inner: number, transposeA: boolean, transposeB: boolean): string {
  return `function(a, b) { ${dotStatements(inner, transposeA, transposeB)} return s; }`;
}

/** Z = X·W + b in one kernel: the dense layer's pre-activation with its bias. */
export function denseZSource(inner: number): string {
  return `function(a, b, bias) { ${dotStatements(inner, false, false)} return s + bias[0][${COL}]; }`;
}
