/**
 * WGSL as a Dialect of core's expression language (core's lower.ts does the structure: locals
 * for shared nodes, row reductions hoisted into loops; this file says only how a node is spelled).
 *
 * Everything is f32. A user's values (alpha, a learning rate) are params read from the uniform
 * buffer, never spliced into the text; only a formula's own constants become literals.
 */
import type { BinaryFn, Dialect, UnaryFn } from '@backprop/core';

/**
 * WGSL has no infinity literal, and a constant expression that evaluates to ±∞ is a
 * shader-creation error, so infinities are read from private variables holding their bits.
 * Every module that may print a literal includes this prelude.
 */
export const WGSL_PRELUDE = `var<private> POS_INF_BITS: u32 = 0x7f800000u;
var<private> NEG_INF_BITS: u32 = 0xff800000u;
fn sigmoid_f(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
// tanh through exp overflows to ∞/∞ = NaN for |x| > ~44 on some drivers: past ±10 tanh is ±1 in f32.
fn tanh_f(x: f32) -> f32 { if (x > 10.0) { return 1.0; } if (x < -10.0) { return -1.0; } return tanh(x); }
`;

/** An f32 literal that reads back as `value` (rounded to f32), always a float in WGSL's grammar. */
export function wgslLiteral(value: number): string {
  if (value === Infinity) return 'bitcast<f32>(POS_INF_BITS)';
  if (value === -Infinity) return 'bitcast<f32>(NEG_INF_BITS)';
  if (Object.is(value, -0)) return '(-0.0)';
  if (Number.isNaN(value)) throw new Error('wgslLiteral: NaN is not a formula constant');
  const text = String(Math.abs(value));
  // String() gives '2', '0.5', '1e-7' or '1.5e+21': an integer-looking one needs '.0' to be a float.
  const float = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 ? `(-${float})` : float;
}

export function wgslUnary(fn: UnaryFn, x: string): string {
  switch (fn) {
    case 'neg':
      return `(-${x})`;
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'abs':
      return `${fn}(${x})`;
    case 'tanh':
      return `tanh_f(${x})`;
    case 'sigmoid':
      return `sigmoid_f(${x})`;
  }
}

export function wgslBinary(fn: BinaryFn, a: string, b: string): string {
  switch (fn) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return `(${a} / ${b})`;
    case 'max':
    case 'min':
    case 'pow':
      return `${fn}(${a}, ${b})`;
  }
}

/** A WGSL dialect whose inputs and params are read through the given accessors. */
export function wgslDialect(access: { param: (name: string) => string; input: (name: string) => string; rowElement: (name: string, column: string) => string; cols: string }): Dialect {
  return {
    literal: wgslLiteral,
    param: access.param,
    input: access.input,
    rowElement: access.rowElement,
    unary: wgslUnary,
    binary: wgslBinary,
    // select(false value, true value, condition): a select, so the side not taken never leaks ∞ or NaN.
    where: (a, b, then, otherwise) => `select(${otherwise}, ${then}, ${a} > ${b})`,
    let: (name, value) => `let ${name}: f32 = ${value};`,
    var: (name, value) => `var ${name}: f32 = ${value};`,
    assign: (name, value) => `${name} = ${value};`,
    rowLoop: (column, body) => [`for (var ${column}: u32 = 0u; ${column} < ${access.cols}; ${column}++) {`, ...body, '}'],
  };
}

/** Param i of a kernel's uniform block (`u.p` is an array of vec4<f32>). */
export function paramSlot(i: number): string {
  return `u.p[${Math.floor(i / 4)}].${'xyzw'[i % 4]!}`;
}
