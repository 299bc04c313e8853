/**
 * A plain interpreter of programs in float64: the meaning of the expression language, used by
 * tests (derivatives against finite differences, printers against it) and by backend-js where a
 * page forbids generated code. Whole-array at a time: each node becomes a Float64Array.
 */
import type { BinaryFn, Expr, UnaryFn } from './expr.js';
import type { FloatArray, JsKernel } from './js.js';
import type { Program } from './program.js';

export function applyUnary(fn: UnaryFn, x: number): number {
  switch (fn) {
    case 'neg':
      return -x;
    case 'exp':
      return Math.exp(x);
    case 'log':
      return Math.log(x);
    case 'sqrt':
      return Math.sqrt(x);
    case 'abs':
      return Math.abs(x);
    case 'tanh':
      return Math.tanh(x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
  }
}

export function applyBinary(fn: BinaryFn, a: number, b: number): number {
  switch (fn) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'max':
      return Math.max(a, b);
    case 'min':
      return Math.min(a, b);
    case 'pow':
      return Math.pow(a, b);
  }
}

/** The value of a scalar expression (params only, no inputs): Adam's bias corrections. */
export function evaluateScalar(e: Expr, params: Readonly<Record<string, number>>): number {
  switch (e.op) {
    case 'lit':
      return e.value;
    case 'param': {
      const v = params[e.name];
      if (v === undefined) throw new Error(`expr: no value for param '${e.name}'`);
      return v;
    }
    case 'input':
    case 'rowReduce':
      throw new Error(`expr: a scalar expression cannot read ${e.op === 'input' ? `input '${e.name}'` : 'a row reduction'}`);
    case 'unary':
      return applyUnary(e.fn, evaluateScalar(e.x, params));
    case 'binary':
      return applyBinary(e.fn, evaluateScalar(e.a, params), evaluateScalar(e.b, params));
    case 'where':
      return evaluateScalar(e.a, params) > evaluateScalar(e.b, params) ? evaluateScalar(e.then, params) : evaluateScalar(e.otherwise, params);
  }
}

/**
 * Runs `program` on row-major arrays in float64. Returns each output: a Float64Array of rows·cols
 * values, or for a 'batchMean' output its number.
 */
export function evaluateProgram(program: Program, inputs: readonly ArrayLike<number>[], params: readonly number[], rows: number, cols: number): (Float64Array | number)[] {
  const n = rows * cols;
  const memo = new Map<Expr, Float64Array>();
  const full = (f: (k: number) => number): Float64Array => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = f(k);
    return out;
  };
  const value = (e: Expr): Float64Array => {
    const hit = memo.get(e);
    if (hit) return hit;
    let out: Float64Array;
    switch (e.op) {
      case 'lit':
        out = new Float64Array(n).fill(e.value);
        break;
      case 'param':
        out = new Float64Array(n).fill(params[program.params.indexOf(e.name)]!);
        break;
      case 'input': {
        const data = inputs[program.inputs.indexOf(e.name)]!;
        out = full((k) => data[k]!);
        break;
      }
      case 'unary': {
        const x = value(e.x);
        out = full((k) => applyUnary(e.fn, x[k]!));
        break;
      }
      case 'binary': {
        const a = value(e.a);
        const b = value(e.b);
        out = full((k) => applyBinary(e.fn, a[k]!, b[k]!));
        break;
      }
      case 'where': {
        const [a, b, t, o] = [value(e.a), value(e.b), value(e.then), value(e.otherwise)];
        out = full((k) => (a[k]! > b[k]! ? t[k]! : o[k]!));
        break;
      }
      case 'rowReduce': {
        const x = value(e.x);
        out = new Float64Array(n);
        for (let r = 0; r < rows; r++) {
          let acc = e.fn === 'rowSum' ? 0 : -Infinity;
          for (let c = 0; c < cols; c++) acc = e.fn === 'rowSum' ? acc + x[r * cols + c]! : Math.max(acc, x[r * cols + c]!);
          out.fill(acc, r * cols, (r + 1) * cols);
        }
        break;
      }
    }
    memo.set(e, out);
    return out;
  };
  return program.outputs.map((o) => {
    const v = value(o.expr);
    if (!o.reduce) return v;
    let total = 0;
    for (let k = 0; k < n; k++) total += v[k]!;
    return total / rows;
  });
}

/** `evaluateProgram` with JsKernel's calling convention: for backend-js under a strict CSP. */
export function interpretJsKernel(program: Program): JsKernel {
  return (inputs, params, outputs, rows, cols) => {
    const values = evaluateProgram(program, inputs, params, rows, cols);
    const sums: number[] = [];
    values.forEach((v, i) => {
      if (typeof v === 'number') sums.push(v);
      else (outputs[i] as FloatArray).set(v);
    });
    return sums;
  };
}
