/**
 * The JavaScript dialect: how core's host path and backend-js print expressions. Also the
 * compiled form backend-js runs: one generated loop per program (`compileJsKernel`), and an
 * interpreter over typed arrays for pages whose Content-Security-Policy forbids generating code.
 */
import type { BinaryFn, UnaryFn } from './expr.js';
import { lowerProgram, type Dialect } from './lower.js';
import type { Program } from './program.js';

/** A JS number literal that reads back as exactly `value`. */
export function jsLiteral(value: number): string {
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${String(value)})` : String(value);
}

export function jsUnary(fn: UnaryFn, x: string): string {
  switch (fn) {
    case 'neg':
      return `(-${x})`;
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'abs':
    case 'tanh':
      return `Math.${fn}(${x})`;
    case 'sigmoid':
      // e^−x overflows to ∞ for very negative x, and 1/(1 + ∞) is the right limit, 0.
      return `(1 / (1 + Math.exp(-${x})))`;
  }
}

export function jsBinary(fn: BinaryFn, a: string, b: string): string {
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
      return `Math.${fn}(${a}, ${b})`;
  }
}

/** A JS dialect whose inputs and params are read through the given accessors. */
export function jsDialect(access: {
  param: (name: string) => string;
  input: (name: string) => string;
  rowElement: (name: string, column: string) => string;
  /** The row's length: a literal or a local's name. */
  cols: string;
}): Dialect {
  return {
    literal: jsLiteral,
    param: access.param,
    input: access.input,
    rowElement: access.rowElement,
    unary: jsUnary,
    binary: jsBinary,
    where: (a, b, then, otherwise) => `(${a} > ${b} ? ${then} : ${otherwise})`,
    let: (name, value) => `const ${name} = ${value};`,
    var: (name, value) => `let ${name} = ${value};`,
    assign: (name, value) => `${name} = ${value};`,
    rowLoop: (column, body) => [`for (let ${column} = 0; ${column} < ${access.cols}; ${column}++) {`, ...body, '}'],
  };
}

export type FloatArray = Float32Array | Float64Array;

/**
 * A program compiled to one JavaScript loop:
 *   kernel(inputs, params, outputs, rows, cols) → the 'batchMean' outputs' values, in order.
 * `inputs[i]` is input i (program order) as a row-major array of rows·cols values; `outputs[i]`
 * receives element output i (batchMean outputs have no array: pass undefined there). An output
 * array may be one of the inputs (in place): each element is read before it is written.
 */
export type JsKernel = (inputs: readonly FloatArray[], params: readonly number[], outputs: readonly (FloatArray | undefined)[], rows: number, cols: number) => number[];

/** The source of a program's kernel body (arguments: I, P, O, rows, cols). */
export function jsKernelSource(program: Program): string {
  const inputIndex = (name: string): number => program.inputs.indexOf(name);
  const paramIndex = (name: string): number => program.params.indexOf(name);
  const lowered = lowerProgram(
    program,
    jsDialect({
      param: (name) => `p${paramIndex(name)}`,
      input: (name) => `i${inputIndex(name)}[k]`,
      rowElement: (name, column) => `i${inputIndex(name)}[ro + ${column}]`,
      cols: 'cols',
    }),
  );
  const lines = ['"use strict";'];
  program.inputs.forEach((_, i) => lines.push(`const i${i} = I[${i}];`));
  program.params.forEach((_, i) => lines.push(`const p${i} = P[${i}];`));
  program.outputs.forEach((o, i) => lines.push(o.reduce ? `let s${i} = 0;` : `const o${i} = O[${i}];`));
  const writes = program.outputs.map((o, i) => (o.reduce ? `s${i} += ${lowered.outputs[i]!};` : `o${i}[k] = ${lowered.outputs[i]!};`));
  if (program.rowWise) {
    lines.push('for (let r = 0, ro = 0; r < rows; r++, ro += cols) {', ...lowered.row, 'for (let c = 0; c < cols; c++) { const k = ro + c;', ...lowered.element, ...writes, '} }');
  } else {
    lines.push('for (let k = 0, n = rows * cols; k < n; k++) {', ...lowered.element, ...writes, '}');
  }
  const sums = program.outputs.flatMap((o, i) => (o.reduce ? [`s${i} / rows`] : []));
  lines.push(`return [${sums.join(', ')}];`);
  return lines.join('\n');
}

/**
 * Compiles `program` with `new Function`. Throws where a Content-Security-Policy forbids it
 * (an EvalError): callers fall back to `interpretJsKernel`.
 */
export function compileJsKernel(program: Program): JsKernel {
  // Only the lowered program goes into the source: validated names and the formula's literals.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('I', 'P', 'O', 'rows', 'cols', jsKernelSource(program)) as JsKernel;
}
