/**
 * The backend itself: handles over Float32Array (or Float64Array) storage, the primitives, and
 * every composite fused: core's programs compiled to JavaScript (`elementwise`) and a dense layer's
 * matmul with its bias and activation. Core validates all input before calling in, so
 * the checks here are only the ones core cannot make: that a handle is alive and is ours.
 */
import {
  ACTIVATION_DEFINITIONS,
  ACTIVATIONS,
  activationForwardProgram,
  BackpropError,
  compileJsKernel,
  interpretJsKernel,
  type ActivationSpec,
  type Axis,
  type Backend,
  type BackendInfo,
  type BinaryOp,
  type Matrix,
  type Precision,
  type JsKernel,
  type Program,
  type ReduceOp,
  type UnaryOp,
} from '@backprop/core';
import { binaryInto, binaryScalarInto } from './elementwise/binary.js';
import { reduceInto } from './elementwise/reduce.js';
import { unaryInto } from './elementwise/unary.js';
import { JsMatrix, live } from './js-matrix.js';
import { DEFAULT_THREAD_THRESHOLD, MatmulEngine } from './matmul/matmul.js';
import { BufferPool, type FloatArray } from './storage.js';
import { ThreadPool, hardwareThreads, threadSupport, threadsLimit } from './threads/thread-pool.js';

export interface JsBackendOptions {
  /** Storage and result precision. float64 is the conformance suite's reference mode. Default float32. */
  readonly precision?: Precision;
  /**
   * Threads for big matmuls, the main thread included: 1 runs everything on the calling thread.
   * Default: the machine's available parallelism, at most 8. Helpers are worker_threads in Node
   * and Web Workers in a browser; where they cannot share memory (a page that is not
   * cross-origin isolated has no SharedArrayBuffer), it is 1 whatever was asked, and
   * `info.limits` says why.
   */
  readonly threads?: number;
  /** Matmuls of at least this many multiply-adds (m·n·k) are split across the threads. */
  readonly threadThreshold?: number;
}

export interface JsBackendInfo extends BackendInfo {
  /** Threads a big matmul is split across (the main thread included). */
  readonly threads: number;
}

const MAX_DEFAULT_THREADS = 8;

export class JsBackend implements Backend {
  readonly info: JsBackendInfo;
  /** denseForward's epilogue is the activation's program: every kind in core's registry, by construction. */
  readonly fusedKinds = { activations: ACTIVATIONS };
  /** Compiled programs by key. */
  private readonly kernels = new Map<string, JsKernel>();
  private readonly buffers: BufferPool;
  private readonly matmulEngine: MatmulEngine;
  private readonly helperCount: number;
  private threadPool: ThreadPool | undefined;
  /** info.limits: a worker that dies later adds its line here. */
  private readonly limits: string[] = [];
  private live = 0;
  private closed = false;

  constructor(options: JsBackendOptions = {}) {
    const precision = options.precision ?? 'float32';
    if (precision !== 'float32' && precision !== 'float64') {
      throw new BackpropError('createJsBackend', `precision must be 'float32' or 'float64', got ${String(precision)}`);
    }
    const requested = options.threads ?? Math.min(MAX_DEFAULT_THREADS, hardwareThreads());
    if (!Number.isInteger(requested) || requested < 1) {
      throw new BackpropError('createJsBackend', `threads must be a positive integer, got ${String(requested)}`);
    }
    const threshold = options.threadThreshold ?? DEFAULT_THREAD_THRESHOLD;
    if (typeof threshold !== 'number' || !(threshold >= 0)) {
      throw new BackpropError('createJsBackend', `threadThreshold must be a number ≥ 0 (multiply-adds), got ${String(threshold)}`);
    }
    const support = threadSupport();
    const threads = support.ok ? requested : 1;
    this.helperCount = threads - 1;
    // Storage is shared memory only when workers will write into it.
    this.buffers = new BufferPool(precision, this.helperCount > 0);
    this.matmulEngine = new MatmulEngine(this.helperCount > 0, threshold);
    // Which threads big matmuls use and why (in a browser: Web Workers only on a cross-origin isolated page).
    const threadsLine = threadsLimit(requested, threads, support);
    if (threadsLine !== undefined) this.limits.push(threadsLine);
    this.info = { name: 'js', engine: precision, precision, limits: this.limits, threads };
  }

  // ---- handles ----

  private make(op: string, rows: number, cols: number): JsMatrix {
    if (this.closed) throw new BackpropError(op, 'this js backend was closed; create a new one');
    const m = new JsMatrix(rows, cols, this.buffers.take(rows * cols), this);
    this.live++;
    return m;
  }

  private use(op: string, what: string, m: Matrix): JsMatrix {
    if (this.closed) throw new BackpropError(op, 'this js backend was closed; its handles are no longer valid');
    return live(op, what, m, this);
  }

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    const out = this.make('fromArray', rows, cols);
    if (data instanceof Float32Array || data instanceof Float64Array) out.data.set(data);
    else for (let i = 0; i < rows * cols; i++) out.data[i] = data[i]!;
    return out;
  }

  fill(rows: number, cols: number, value: number): Matrix {
    const out = this.make('fill', rows, cols);
    out.data.fill(value);
    return out;
  }

  read(m: Matrix): Promise<Float32Array | Float64Array> {
    try {
      return Promise.resolve(this.copyOut('read', m));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readSync(m: Matrix): Float32Array | Float64Array {
    return this.copyOut('readSync', m);
  }

  /** A caller-owned copy, in ordinary (not shared) memory. */
  private copyOut(op: string, m: Matrix): Float32Array | Float64Array {
    const src = this.use(op, 'argument', m).data;
    const copy = src instanceof Float32Array ? new Float32Array(src.length) : new Float64Array(src.length);
    copy.set(src);
    return copy;
  }

  /** The live storage: writing to it changes the matrix. It must not be used after the handle is disposed. */
  hostArray(m: Matrix): Float32Array | Float64Array {
    return this.use('hostArray', 'argument', m).data;
  }

  dispose(m: Matrix): void {
    const h = this.use('dispose', 'argument', m);
    this.buffers.give(h.release());
    this.live--;
  }

  liveHandles(): number {
    return this.live;
  }

  /** Starts the worker threads now (they otherwise start at the first big matmul) and resolves with how many are ready. */
  async threadsReady(): Promise<number> {
    const pool = this.ensureThreads();
    return pool === undefined ? 0 : pool.whenReady();
  }

  /** How many matmul blocks worker threads have computed so far (0 on one thread). */
  threadJobsRun(): number {
    return this.threadPool?.jobsRun ?? 0;
  }

  private ensureThreads(): ThreadPool | undefined {
    if (this.threadPool === undefined && this.helperCount > 0 && !this.closed) {
      this.threadPool = ThreadPool.create(this.helperCount, (message) => this.limits.push(message));
      this.matmulEngine.setPool(this.threadPool);
    }
    return this.threadPool;
  }

  /** Releases the workers and pooled buffers. Every handle becomes invalid. Safe to call twice. */
  close(): void {
    this.closed = true;
    void this.threadPool?.close();
    this.threadPool = undefined;
    this.matmulEngine.setPool(undefined);
    this.matmulEngine.release();
    this.buffers.clear();
  }

  // ---- primitives ----

  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    const ha = this.use('matmul', 'a', a);
    const hb = this.use('matmul', 'b', b);
    const rows = transposeA ? ha.cols : ha.rows;
    const cols = transposeB ? hb.rows : hb.cols;
    const out = this.make('matmul', rows, cols);
    this.multiplyInto(ha, transposeA, hb, transposeB, out.data);
    return out;
  }

  private multiplyInto(a: JsMatrix, transposeA: boolean, b: JsMatrix, transposeB: boolean, out: FloatArray): void {
    const m = transposeA ? a.cols : a.rows;
    const n = transposeB ? b.rows : b.cols;
    const k = transposeA ? a.rows : a.cols;
    if (this.helperCount > 0 && m * n * k >= this.matmulEngine.threadThreshold) this.ensureThreads();
    this.matmulEngine.multiply(a.data, a.rows, a.cols, transposeA, b.data, b.rows, b.cols, transposeB, out);
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    const name = `unary(${op})`;
    const ha = this.use(name, 'argument', a);
    const out = this.make(name, ha.rows, ha.cols);
    unaryInto(op, ha.data, out.data, ha.rows * ha.cols);
    return out;
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const name = `binary(${op})`;
    const ha = this.use(name, 'a', a);
    const hb = this.use(name, 'b', b);
    const out = this.make(name, ha.rows, ha.cols);
    binaryInto(op, ha.data, ha.rows, ha.cols, hb.data, hb.rows, hb.cols, out.data);
    return out;
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    const name = `binaryScalar(${op})`;
    const ha = this.use(name, 'a', a);
    const out = this.make(name, ha.rows, ha.cols);
    binaryScalarInto(op, ha.data, s, out.data, ha.rows * ha.cols);
    return out;
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const name = `reduce(${op})`;
    const ha = this.use(name, 'argument', a);
    const out = axis === 0 ? this.make(name, 1, ha.cols) : this.make(name, ha.rows, 1);
    reduceInto(op, ha.data, ha.rows, ha.cols, axis, out.data);
    return out;
  }

  // ---- fused kernels: core's programs compiled to JavaScript ----

  /**
   * Runs one of core's programs (every activation, loss and update rule, each written once in
   * core) as one generated loop: core's JavaScript dialect, compiled once per program and cached.
   * Where a page's Content-Security-Policy forbids generated code, core's interpreter runs it.
   */
  elementwise(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
    const op = `elementwise(${program.key})`;
    const data = inputs.map((m, i) => this.use(op, program.inputs[i] ?? 'input', m));
    const { rows, cols } = data[0]!;
    const outputs = program.outputs.map((o) => (o.reduce ? this.make(op, 1, 1) : this.make(op, rows, cols)));
    const sums = this.kernelFor(program)(
      data.map((d) => d.data),
      params,
      program.outputs.map((o, i) => (o.reduce ? undefined : outputs[i]!.data)),
      rows,
      cols,
    );
    let s = 0;
    program.outputs.forEach((o, i) => {
      if (o.reduce) outputs[i]!.data[0] = sums[s++]!;
    });
    return outputs;
  }

  private kernelFor(program: Program): JsKernel {
    let kernel = this.kernels.get(program.key);
    if (kernel === undefined) {
      try {
        kernel = compileJsKernel(program);
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        kernel = interpretJsKernel(program);
      }
      this.kernels.set(program.key, kernel);
    }
    return kernel;
  }

  /** Z = X·W + b, then A = f(Z): the matmul writes Z, the bias is added in place, A is one generated pass. */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const op = 'denseForward';
    const hx = this.use(op, 'x', x);
    const hw = this.use(op, 'w', w);
    const hb = this.use(op, 'b', b);
    const z = this.make(op, hx.rows, hw.cols);
    this.multiplyInto(hx, false, hw, false, z.data);
    addBiasInPlace(z.data, hb.data, z.rows, z.cols);
    if (ACTIVATION_DEFINITIONS[spec.kind].identity) return { z, a: z };
    const program = activationForwardProgram(spec.kind);
    const a = this.make(op, z.rows, z.cols);
    this.kernelFor(program)([z.data], program.params.length > 0 ? [spec.alpha] : [], [a.data], z.rows, z.cols);
    return { z, a };
  }
}

/** z[r, j] += bias[j] for every row: the "+ b" of a dense layer, in place on a fresh z. */
function addBiasInPlace(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) z[o + j] = z[o + j]! + bias[j]!;
  }
}

/** A Backend on Float32Array loops (Float64Array with `precision: 'float64'`), with worker threads for big matmuls in Node. */
export function createJsBackend(options: JsBackendOptions = {}): JsBackend {
  return new JsBackend(options);
}
