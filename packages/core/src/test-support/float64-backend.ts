/**
 * The smallest complete Backend: float64 arrays and textbook loops, with core's HandleTable and,
 * optionally, `elementwise` through core's JavaScript kernels. For core's own tests (fit,
 * network, the guard, programs) so that core is tested where it lives without depending on a
 * backend package. Not exported from the package.
 */
import type { Axis, Backend, BinaryOp, Matrix, ReduceOp, UnaryOp } from '../backend.js';
import { applyBinary, applyUnary } from '../expr/evaluate.js';
import { compileJsKernel, type JsKernel } from '../expr/js.js';
import type { Program } from '../expr/program.js';
import { HandleTable } from '../handles.js';

class F64 implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
  ) {}
}

const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => applyUnary('neg', x),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  abs: Math.abs,
  reciprocal: (x) => 1 / x,
  relu: (x) => (x > 0 ? x : 0),
  step: (x) => (x > 0 ? 1 : 0),
  sigmoid: (x) => applyUnary('sigmoid', x),
  tanh: Math.tanh,
};

function binaryOp(op: BinaryOp, x: number, y: number): number {
  return op === 'greater' ? (x > y ? 1 : 0) : applyBinary(op, x, y);
}

export interface Float64BackendOptions {
  /** Run programs through core's generated JavaScript kernels (a backend with `elementwise`); default false: core's reference. */
  readonly elementwise?: boolean;
}

/** A float64 Backend for core's tests. */
export function createFloat64Backend(options: Float64BackendOptions = {}): Backend {
  const handles = new HandleTable<F64>();
  const make = (rows: number, cols: number, data = new Float64Array(rows * cols)): F64 => handles.register(new F64(rows, cols, data));
  const kernels = new Map<string, JsKernel>();
  const backend: Backend = {
    info: { name: 'float64-test', engine: options.elementwise ? 'elementwise' : 'reference', precision: 'float64', limits: [] },
    fromArray: (data, rows, cols) => make(rows, cols, Float64Array.from(data)),
    fill: (rows, cols, value) => make(rows, cols, new Float64Array(rows * cols).fill(value)),
    read: (m) => Promise.resolve(handles.get('read', 'argument', m).data.slice()),
    readSync: (m) => handles.get('readSync', 'argument', m).data.slice(),
    dispose: (m) => void handles.release('dispose', m),
    liveHandles: () => handles.size,
    matmul: (a, b, tA, tB) => {
      const [x, y] = [handles.get('matmul', 'a', a), handles.get('matmul', 'b', b)];
      const [n, k, m] = [tA ? x.cols : x.rows, tA ? x.rows : x.cols, tB ? y.rows : y.cols];
      const out = new Float64Array(n * m);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += x.data[tA ? p * x.cols + i : i * x.cols + p]! * y.data[tB ? j * y.cols + p : p * y.cols + j]!;
          out[i * m + j] = s;
        }
      return make(n, m, out);
    },
    unary: (op, a) => {
      const x = handles.get(`unary(${op})`, 'argument', a);
      return make(x.rows, x.cols, x.data.map(UNARY[op]));
    },
    binary: (op, a, b) => {
      const [x, y] = [handles.get(`binary(${op})`, 'a', a), handles.get(`binary(${op})`, 'b', b)];
      const out = new Float64Array(x.rows * x.cols);
      for (let r = 0; r < x.rows; r++)
        for (let c = 0; c < x.cols; c++) out[r * x.cols + c] = binaryOp(op, x.data[r * x.cols + c]!, y.data[(y.rows === 1 ? 0 : r) * y.cols + (y.cols === 1 ? 0 : c)]!);
      return make(x.rows, x.cols, out);
    },
    binaryScalar: (op, a, s) => {
      const x = handles.get(`binaryScalar(${op})`, 'a', a);
      return make(x.rows, x.cols, x.data.map((v) => binaryOp(op, v, s)));
    },
    reduce: (op: ReduceOp, a, axis: Axis) => {
      const x = handles.get(`reduce(${op})`, 'argument', a);
      const [outer, inner] = axis === 0 ? [x.cols, x.rows] : [x.rows, x.cols];
      const out = new Float64Array(outer);
      for (let i = 0; i < outer; i++) {
        let acc = op === 'sum' ? 0 : -Infinity;
        for (let j = 0; j < inner; j++) {
          const v = x.data[axis === 0 ? j * x.cols + i : i * x.cols + j]!;
          acc = op === 'sum' ? acc + v : Math.max(acc, v);
        }
        out[i] = acc;
      }
      return axis === 0 ? make(1, x.cols, out) : make(x.rows, 1, out);
    },
  };
  if (options.elementwise) {
    backend.elementwise = (program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] => {
      let kernel = kernels.get(program.key);
      if (!kernel) kernels.set(program.key, (kernel = compileJsKernel(program)));
      const data = inputs.map((m) => handles.get('elementwise', program.key, m));
      const [rows, cols] = [data[0]!.rows, data[0]!.cols];
      const outputs = program.outputs.map((o) => (o.reduce ? undefined : new Float64Array(rows * cols)));
      const sums = kernel(
        data.map((d) => d.data),
        params,
        outputs,
        rows,
        cols,
      );
      let s = 0;
      return outputs.map((o) => (o ? make(rows, cols, o) : make(1, 1, Float64Array.of(sums[s++]!))));
    };
  }
  return backend;
}
