/**
 * The Backend on TensorFlow.js: every primitive is one tfjs op (two where tfjs returns booleans),
 * every composite is core's program for it run as tfjs ops (`elementwise`, program-ops.ts). The
 * code is the same on every engine; only the matmul strategy differs (see `matmul-strategy.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationSpec, Axis, Backend, BackendInfo, BinaryOp, Matrix, Program, ReduceOp, UnaryOp } from '@backprop/core';
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, activationForwardProgram, HandleTable } from '@backprop/core';
import { ensureCurrentEngine, type TfjsEngine } from './engines.js';
import { MATMUL_STRATEGY, matmulWith, type MatmulStrategy } from './matmul-strategy.js';
import { evaluateProgram, runProgram } from './program-ops.js';
import { TfjsMatrix } from './tfjs-matrix.js';

type T = tf.Tensor2D;

const UNARY: Readonly<Record<UnaryOp, (x: T) => T>> = {
  neg: (x) => tf.neg(x),
  exp: (x) => tf.exp(x),
  log: (x) => tf.log(x),
  sqrt: (x) => tf.sqrt(x),
  square: (x) => tf.square(x),
  abs: (x) => tf.abs(x),
  reciprocal: (x) => tf.reciprocal(x),
  relu: (x) => tf.relu(x),
  step: (x) => tf.step(x, 0),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
};

type Operand = T | number;

/** tfjs broadcasts [1,c], [r,1] and [1,1] (and plain numbers) exactly as the contract asks. */
const BINARY: Readonly<Record<BinaryOp, (a: T, b: Operand) => T>> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  max: (a, b) => tf.maximum(a, b),
  min: (a, b) => tf.minimum(a, b),
  // tfjs compares into booleans; the contract wants 1 and 0 as floats.
  greater: (a, b) => tf.tidy(() => tf.cast(tf.greater(a, b), 'float32')),
};

const ENGINE_LIMITS: Readonly<Record<TfjsEngine, string>> = {
  tensorflow: 'native TensorFlow through @tensorflow/tfjs-node: needs its native install (see the README)',
  wasm: 'WebAssembly with SIMD on one thread (Node has no tfjs wasm threads; in browsers they are opt-in, createTfjsBackend({ wasmThreads: true }), as minifiers break them)',
  cpu: "tfjs's plain-JS engine: about 1 GFLOP/s, for machines where neither tfjs-node nor WebAssembly is available",
  webgl: 'WebGL float32 textures (browsers only): each operation is a shader pass; reading data out waits for the GPU',
  webgpu: "WebGPU compute shaders (browsers only): reads are async only (no readSync: tfjs's canvas-copy dataSync is slow, and returns zeros in headless Chromium)",
};

export class TfjsBackend implements Backend {
  readonly info: BackendInfo;
  /**
   * `denseForward` is generic over kinds (the activation's program after the product), so it
   * takes every activation in core's registry; every other composite runs through `elementwise`.
   */
  readonly fusedKinds = { activations: ACTIVATIONS };
  readonly engine: TfjsEngine;
  readonly matmulStrategy: MatmulStrategy;
  /** The one handle rule (core's HandleTable): disposed, twice-disposed or foreign handles are refused. */
  private readonly handles = new HandleTable<TfjsMatrix>();
  /**
   * A synchronous read, on every engine but webgpu. tfjs's webgpu dataSync copies through a
   * canvas, which headless Chromium returns as zeros (measured, packages/browser-conformance), so
   * this backend offers no sync read there and core reads with the async `read`.
   */
  readonly readSync: ((m: Matrix) => Float32Array) | undefined;
  /** `passedOver`: why engine 'auto' did not take the engines before this one (added to info.limits). */
  constructor(engine: TfjsEngine, passedOver: readonly string[] = []) {
    this.engine = engine;
    this.matmulStrategy = MATMUL_STRATEGY[engine];
    this.info = {
      name: 'tfjs',
      engine,
      precision: 'float32',
      limits: [
        'float32 only',
        ENGINE_LIMITS[engine],
        'tfjs runs one engine at a time per process: backends on different engines in one process switch it before each operation (slower; see the README)',
        ...passedOver,
      ],
    };
    this.readSync = engine === 'webgpu' ? undefined : (m) => this.readNow(m);
  }

  // ---- handles ----

  private wrap(t: T): TfjsMatrix {
    return this.handles.register(new TfjsMatrix(t));
  }

  /** Makes this backend's engine current (another backend may have switched it), then runs `fn`. */
  private run<R>(fn: () => R): R {
    ensureCurrentEngine(this.engine);
    return fn();
  }

  private t(op: string, m: Matrix): T {
    return this.handles.get(op, 'argument', m).tensor(op);
  }

  // ---- primitives ----

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    // A fresh copy: the cpu and tensorflow engines keep the very array they are given, and the
    // caller may reuse theirs. The typed-array constructor copies natively (Float32Array.from
    // walks an iterator: 10× slower on a 64×784 batch).
    const values = new Float32Array(data);
    return this.run(() => this.wrap(tf.tensor2d(values, [rows, cols], 'float32')));
  }

  fill(rows: number, cols: number, value: number): Matrix {
    return this.run(() => this.wrap(tf.fill([rows, cols], value, 'float32')));
  }

  async read(m: Matrix): Promise<Float32Array> {
    const tensor = this.t('read', m);
    const data = await this.run(() => tensor.data<'float32'>());
    // The cpu engine hands out its own storage; the caller must own what they get.
    return data.slice();
  }

  private readNow(m: Matrix): Float32Array {
    const tensor = this.t('readSync', m);
    return this.run(() => tensor.dataSync<'float32'>()).slice();
  }

  dispose(m: Matrix): void {
    this.handles.release('dispose', m).release();
  }

  liveHandles(): number {
    return this.handles.size;
  }

  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    const ta = this.t('matmul', a);
    const tb = this.t('matmul', b);
    return this.run(() => this.wrap(matmulWith(this.matmulStrategy, ta, tb, transposeA, transposeB)));
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    const ta = this.t(`unary(${op})`, a);
    return this.run(() => this.wrap(UNARY[op](ta)));
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const name = `binary(${op})`;
    const ta = this.t(name, a);
    const tb = this.t(name, b);
    return this.run(() => this.wrap(BINARY[op](ta, tb)));
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    const ta = this.t(`binaryScalar(${op})`, a);
    return this.run(() => this.wrap(BINARY[op](ta, s)));
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const ta = this.t(`reduce(${op})`, a);
    return this.run(() => this.wrap(op === 'sum' ? tf.sum(ta, axis, true) : tf.max(ta, axis, true)));
  }

  // ---- core's programs: the one fusion point ----

  /**
   * Runs one of core's programs (every activation, loss and update rule, from its one
   * definition) as tfjs ops in one `tf.tidy` (program-ops.ts): params are op arguments.
   */
  elementwise(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
    const tensors = inputs.map((m) => this.t(program.key, m));
    return this.run(() => runProgram(program, tensors, params).map((t) => this.wrap(t)));
  }

  /**
   * Z = X·W + b (a plain matmul: wasm's fast path), then the activation's program: generic over
   * kinds, so `fusedKinds` is every activation in core's registry. Not `tf.fused.matMul` with the
   * bias: the wasm kernel refuses a [1,n] bias (it wants rank 1, and a reshape keeps the rank-2
   * storage record, so it would take a copy, i.e. one more kernel), and the cpu and tensorflow
   * kernels run the fused op as matmul + add anyway.
   */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const op = 'denseForward';
    const [tx, tw, tb] = [this.t(op, x), this.t(op, w), this.t(op, b)];
    // 'linear': the contract documents `a` as the same handle as `z`.
    const identity = ACTIVATION_DEFINITIONS[spec.kind].identity;
    const program = activationForwardProgram(spec.kind);
    return this.run(() => {
      const [tz, ta] = tf.tidy(() => {
        const product = tf.add<T>(tf.matMul(tx, tw), tb);
        // The program lists only the params it reads: alpha, or none.
        return identity ? [product] : [product, evaluateProgram(program, [product], program.params.map(() => spec.alpha))[0]!];
      });
      const z = this.wrap(tz);
      return { z, a: ta ? this.wrap(ta) : z };
    });
  }
}
