/**
 * The reference Backend: the primitives of core's Backend contract as the plainest loops over
 * host typed arrays, with this kit's op tables (UNARY_F64, BINARY_F64) saying what each op means,
 * and nothing fused (every composite runs core's reference, built from these primitives). The
 * conformance suite checks every backend against it in float64, and compares training runs with
 * it at the precision the backend under test declares; it is no backend package, so the suite
 * depends on core and this kit only.
 *
 * In 'float32' it stores Float32Array: each op computes in double and rounds once when it
 * stores, as a float32 backend's storage does; matmul sums in double. Slow by design (no
 * blocking, no threads): for tests, not for training.
 */
import { HandleTable, type Axis, type Backend, type BackendInfo, type BinaryOp, type Matrix, type Precision, type ReduceOp, type UnaryOp } from '@backprop/core';
import { BINARY_F64, UNARY_F64 } from './float64.js';

class ReferenceMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float32Array | Float64Array,
  ) {}
}

export interface ReferenceBackendOptions {
  /** Default 'float64'. */
  readonly precision?: Precision;
}

class ReferenceBackend implements Backend {
  readonly info: BackendInfo;
  private readonly handles = new HandleTable<ReferenceMatrix>();
  private readonly Storage: Float32ArrayConstructor | Float64ArrayConstructor;

  constructor(precision: Precision) {
    this.info = { name: 'reference', engine: precision, precision, limits: ['a test reference: plain loops, nothing fused, one thread'] };
    this.Storage = precision === 'float32' ? Float32Array : Float64Array;
  }

  private make(rows: number, cols: number, data?: ArrayLike<number>): ReferenceMatrix {
    const storage = new this.Storage(rows * cols);
    if (data !== undefined) storage.set(data);
    return this.handles.register(new ReferenceMatrix(rows, cols, storage));
  }

  private get(op: string, what: string, m: Matrix): ReferenceMatrix {
    return this.handles.get(op, what, m);
  }

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    return this.make(rows, cols, data);
  }

  fill(rows: number, cols: number, value: number): Matrix {
    const m = this.make(rows, cols);
    m.data.fill(value);
    return m;
  }

  read(m: Matrix): Promise<Float32Array | Float64Array> {
    return Promise.resolve(this.readSync(m));
  }

  readSync(m: Matrix): Float32Array | Float64Array {
    return this.get('read', 'argument', m).data.slice();
  }

  dispose(m: Matrix): void {
    this.handles.release('dispose', m);
  }

  liveHandles(): number {
    return this.handles.size;
  }

  /** op(a)·op(b), summing each product in double, in k order. */
  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    const x = this.get('matmul', 'a', a);
    const y = this.get('matmul', 'b', b);
    const rows = transposeA ? x.cols : x.rows;
    const inner = transposeA ? x.rows : x.cols;
    const cols = transposeB ? y.rows : y.cols;
    // Element (i, k) of op(a) and (k, j) of op(b), as strides into the stored arrays.
    const [ai, ak] = transposeA ? [1, x.cols] : [x.cols, 1];
    const [bk, bj] = transposeB ? [1, y.cols] : [y.cols, 1];
    const out = this.make(rows, cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += x.data[i * ai + k * ak]! * y.data[k * bk + j * bj]!;
        out.data[i * cols + j] = sum;
      }
    }
    return out;
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    const x = this.get(op, 'argument', a);
    const f = UNARY_F64[op];
    const out = this.make(x.rows, x.cols);
    for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!);
    return out;
  }

  /** a op b, b broadcast as the contract says: a's shape, a row [1, cols], a column [rows, 1] or a scalar. */
  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const x = this.get(op, 'a', a);
    const y = this.get(op, 'b', b);
    const f = BINARY_F64[op];
    const out = this.make(x.rows, x.cols);
    const rowStride = y.rows === 1 ? 0 : y.cols;
    const colStride = y.cols === 1 ? 0 : 1;
    for (let r = 0; r < x.rows; r++) {
      for (let c = 0; c < x.cols; c++) out.data[r * x.cols + c] = f(x.data[r * x.cols + c]!, y.data[r * rowStride + c * colStride]!);
    }
    return out;
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    const x = this.get(op, 'argument', a);
    const f = BINARY_F64[op];
    const out = this.make(x.rows, x.cols);
    for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!, s);
    return out;
  }

  /** Sum (in double) or max over axis 0, giving [1, cols], or axis 1, giving [rows, 1]. */
  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const x = this.get(op, 'argument', a);
    const length = axis === 0 ? x.cols : x.rows;
    const acc = new Float64Array(length).fill(op === 'sum' ? 0 : -Infinity);
    for (let r = 0; r < x.rows; r++) {
      for (let c = 0; c < x.cols; c++) {
        const i = axis === 0 ? c : r;
        const v = x.data[r * x.cols + c]!;
        acc[i] = op === 'sum' ? acc[i]! + v : Math.max(acc[i]!, v);
      }
    }
    return axis === 0 ? this.make(1, length, acc) : this.make(length, 1, acc);
  }

  close(): void {
    this.handles.clear();
  }
}

/** A new reference backend (see the top of this file). */
export function createReferenceBackend(options: ReferenceBackendOptions = {}): Backend {
  const precision = options.precision ?? 'float64';
  if (precision !== 'float32' && precision !== 'float64') throw new Error(`createReferenceBackend: precision must be 'float32' or 'float64', got ${String(precision)}`);
  return new ReferenceBackend(precision);
}
