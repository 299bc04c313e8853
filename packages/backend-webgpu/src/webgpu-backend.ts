/**
 * The Backend on WebGPU: every matrix a float32 storage buffer from the pool, every operation
 * one compute dispatch recorded into the runtime's batched command stream (gpu-runtime.ts).
 *
 * Fusion: `elementwise` compiles each of core's programs (every activation and its derivative,
 * every loss's error and value, every update rule) into one WGSL kernel, so core runs them all
 * fused with no per-kind code here; `denseForward` is the matmul with a bias + activation
 * epilogue printed from the same activation program.
 *
 * Matmul kernels: 'tiled' (workgroup-memory tiles, for a GPU) or 'register' (no workgroup memory,
 * for a software renderer), chosen by the adapter; results of ≤ 1,024 elements use the direct one.
 *
 * Shapes are checked against the device's real limits before any command is recorded: a result
 * larger than the largest storage buffer, or needing more workgroups than a dispatch allows, is
 * a BackpropError stating the limit (never a WebGPU validation error).
 */
import {
  ACTIVATION_DEFINITIONS,
  ACTIVATIONS,
  activationForwardProgram,
  BackpropError,
  HandleTable,
  LOSSES,
  runOnPrimitives,
  shapeText,
  type ActivationSpec,
  type Axis,
  type Backend,
  type BackendInfo,
  type BinaryOp,
  type FusedKinds,
  type Matrix,
  type Program,
  type ReduceOp,
  type UnaryOp,
} from '@backprop/core';
import { largestMatrixElements } from './adapter.js';
import type { PooledBuffer } from './buffer-pool.js';
import type { GpuRuntime } from './gpu-runtime.js';
import { ELEMENT_WORKGROUP, elementwiseShader, ROW_WORKGROUP } from './wgsl/elementwise.js';
import { DIRECT_MAX_OUTPUTS, DIRECT_WORKGROUP, directMatmulShader, matmulShader, TILE, type MatmulEpilogue } from './wgsl/matmul.js';
import { REG_TILE_COLS, REG_TILE_ROWS, registerMatmulShader } from './wgsl/matmul-register.js';
import { binaryScalarShader, binaryShader, fillShader, reduceShader, SERIAL_REDUCE_MAX, SERIAL_REDUCE_WORKGROUP, serialReduceShader, unaryShader } from './wgsl/primitives.js';

/**
 * Which matmul kernel runs: 'tiled' (workgroup-memory tiles: what a GPU needs) or 'register'
 * (register blocks straight from storage, no barriers: what a software renderer needs). 'auto'
 * picks by the adapter: 'register' when `info.engine` is 'software', else 'tiled'.
 */
export type WebgpuMatmulKernel = 'auto' | 'tiled' | 'register';
export const WEBGPU_MATMUL_KERNELS: readonly WebgpuMatmulKernel[] = ['auto', 'tiled', 'register'];

class GpuMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly buffer: PooledBuffer,
  ) {}
}

/** What the pool holds, for tests and figures. */
export interface WebgpuMemory {
  /** GPU buffers that exist: one per live matrix plus the pool's free ones. */
  readonly buffers: number;
  readonly freeBuffers: number;
  readonly freeBytes: number;
  readonly pipelines: number;
  readonly submits: number;
  readonly dispatches: number;
}

export class WebgpuBackend implements Backend {
  readonly fusedKinds: FusedKinds = { activations: ACTIVATIONS, losses: LOSSES };
  private readonly handles = new HandleTable<GpuMatrix>();
  private readonly maxElements: number;
  private readonly maxWorkgroups: number;
  private readonly maxStorageBuffers: number;
  /** The matmul kernel for results past the direct kernel's size ('auto' resolved). */
  readonly matmulKernel: 'tiled' | 'register';

  constructor(
    readonly info: BackendInfo,
    private readonly runtime: GpuRuntime,
    matmulKernel: WebgpuMatmulKernel = 'auto',
  ) {
    this.matmulKernel = matmulKernel === 'auto' ? (info.engine === 'software' ? 'register' : 'tiled') : matmulKernel;
    const limits = runtime.device.limits;
    this.maxElements = largestMatrixElements(limits);
    this.maxWorkgroups = limits.maxComputeWorkgroupsPerDimension;
    this.maxStorageBuffers = limits.maxStorageBuffersPerShaderStage;
  }

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    this.runtime.check('fromArray');
    this.checkSize('fromArray', rows, cols);
    const values = data instanceof Float32Array && data.length === rows * cols ? data : Float32Array.from(data);
    return this.handles.register(new GpuMatrix(rows, cols, this.runtime.upload(values)));
  }

  fill(rows: number, cols: number, value: number): Matrix {
    const out = this.make('fill', rows, cols);
    this.elementDispatch('fill', () => fillShader(), rows * cols, [out.buffer], [], [value]);
    return out;
  }

  async read(m: Matrix): Promise<Float32Array> {
    const x = this.handles.get('read', 'argument', m);
    this.runtime.check('read');
    return this.runtime.read('read', x.buffer, x.rows * x.cols);
  }

  dispose(m: Matrix): void {
    this.runtime.pool.release(this.handles.release('dispose', m).buffer);
  }

  liveHandles(): number {
    return this.handles.size;
  }

  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    return this.matmulInto('matmul', a, b, transposeA, transposeB, { kind: 'none' }, undefined, 0).z;
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    const x = this.handles.get(`unary(${op})`, 'argument', a);
    const out = this.make(`unary(${op})`, x.rows, x.cols);
    this.elementDispatch(`unary.${op}`, () => unaryShader(op), x.rows * x.cols, [x.buffer, out.buffer], [], []);
    return out;
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const name = `binary(${op})`;
    const [x, y] = [this.handles.get(name, 'a', a), this.handles.get(name, 'b', b)];
    const out = this.make(name, x.rows, x.cols);
    const strides = [y.rows === 1 ? 0 : y.cols, y.cols === 1 ? 0 : 1];
    this.elementDispatch(`binary.${op}`, () => binaryShader(op), x.rows * x.cols, [x.buffer, y.buffer, out.buffer], [x.rows, x.cols], [], strides);
    return out;
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    const name = `binaryScalar(${op})`;
    const x = this.handles.get(name, 'a', a);
    const out = this.make(name, x.rows, x.cols);
    this.elementDispatch(`binaryScalar.${op}`, () => binaryScalarShader(op), x.rows * x.cols, [x.buffer, out.buffer], [], [s]);
    return out;
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const name = `reduce(${op})`;
    const x = this.handles.get(name, 'argument', a);
    const out = axis === 0 ? this.make(name, 1, x.cols) : this.make(name, x.rows, 1);
    // axis 0: one output per column, stepping down the rows; axis 1: one per row, along it.
    if (axis === 0) this.reduceDispatch(name, op, x.buffer, out.buffer, x.cols, x.rows, 1, x.cols, 1);
    else this.reduceDispatch(name, op, x.buffer, out.buffer, x.rows, x.cols, x.cols, 1, 1);
    return out;
  }

  elementwise(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
    const op = `elementwise(${program.key})`;
    const data = inputs.map((m, i) => this.handles.get(op, program.inputs[i] ?? `input ${i}`, m));
    // A program binding more buffers than a shader stage may have runs on core's reference instead.
    if (program.inputs.length + program.outputs.length > this.maxStorageBuffers) return runOnPrimitives(this, program, inputs, params);
    const [rows, cols] = [data[0]!.rows, data[0]!.cols];
    this.checkSize(op, rows, cols);
    // Scratch for each batchMean output's per-element terms, reduced below.
    const targets = program.outputs.map(() => this.runtime.pool.acquire(rows * cols * 4));
    const results = program.outputs.map((o) => (o.reduce ? this.make(op, 1, 1) : undefined));
    const key = `elementwise.${program.key}`;
    const buffers = [...data.map((d) => d.buffer), ...targets];
    if (program.rowWise) this.gridDispatch(op, key, () => elementwiseShader(program), rows, ROW_WORKGROUP, buffers, [rows * cols, rows, cols], params);
    else this.gridDispatch(op, key, () => elementwiseShader(program), rows * cols, ELEMENT_WORKGROUP, buffers, [rows * cols, rows, cols], params);
    return program.outputs.map((o, i) => {
      const target = targets[i]!;
      if (!o.reduce) return this.handles.register(new GpuMatrix(rows, cols, target));
      const sum = results[i]!;
      this.reduceDispatch(op, 'sum', target, sum.buffer, 1, rows * cols, 0, 1, rows);
      this.runtime.pool.release(target);
      return sum;
    });
  }

  /** Z = X·W + b and A = f(Z) in one kernel (f in the matmul's epilogue); softmax's row reductions run as their own kernel after it. */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const program = activationForwardProgram(spec.kind);
    if (ACTIVATION_DEFINITIONS[spec.kind].identity) {
      const { z } = this.matmulInto('denseForward', x, w, false, false, { kind: 'bias' }, b, spec.alpha);
      return { z, a: z };
    }
    if (program.rowWise) {
      const { z } = this.matmulInto('denseForward', x, w, false, false, { kind: 'bias' }, b, spec.alpha);
      return { z, a: this.elementwise(program, [z], program.params.map(() => spec.alpha))[0]! };
    }
    const { z, a } = this.matmulInto('denseForward', x, w, false, false, { kind: 'biasActivation', activation: program }, b, spec.alpha);
    return { z, a: a! };
  }

  /** Buffers, pool and command counts: live handles and pooled buffers stay flat over training. */
  memory(): WebgpuMemory {
    const s = this.runtime.pool.stats();
    return { buffers: s.buffers, freeBuffers: s.free, freeBytes: s.freeBytes, pipelines: this.runtime.pipelineCount, submits: this.runtime.submits, dispatches: this.runtime.dispatches };
  }

  /** Submits everything recorded and waits until the device has finished it (for timing). */
  async finish(): Promise<void> {
    this.runtime.check('finish');
    await this.runtime.idle();
  }

  close(): void {
    const inUse = [...this.handles.values()].map((m) => m.buffer);
    this.handles.clear();
    this.runtime.close(inUse);
  }

  private matmulInto(op: string, a: Matrix, b: Matrix, tA: boolean, tB: boolean, epilogue: MatmulEpilogue, bias: Matrix | undefined, alpha: number): { z: Matrix; a?: Matrix } {
    const [x, y] = [this.handles.get(op, op === 'denseForward' ? 'x' : 'a', a), this.handles.get(op, op === 'denseForward' ? 'w' : 'b', b)];
    const bv = bias ? this.handles.get(op, 'b', bias) : undefined;
    const [m, k, n] = [tA ? x.cols : x.rows, tA ? x.rows : x.cols, tB ? y.rows : y.cols];
    // The register kernel's 16-row workgroups allow half the tiled kernel's rows per dispatch:
    // past that (over a million rows) the tiled kernel still runs it.
    const registerFits = Math.ceil(m / REG_TILE_ROWS) <= this.maxWorkgroups && Math.ceil(n / REG_TILE_COLS) <= this.maxWorkgroups;
    const kind = m * n <= DIRECT_MAX_OUTPUTS ? 'direct' : this.matmulKernel === 'register' && !registerFits ? 'tiled' : this.matmulKernel;
    const [tileRows, tileCols] = kind === 'register' ? [REG_TILE_ROWS, REG_TILE_COLS] : [TILE, TILE];
    const [wx, wy] = kind === 'direct' ? [Math.ceil((m * n) / DIRECT_WORKGROUP), 1] : [Math.ceil(n / tileCols), Math.ceil(m / tileRows)];
    if (wx > this.maxWorkgroups || wy > this.maxWorkgroups) {
      const most = kind === 'direct' ? `${this.maxWorkgroups * DIRECT_WORKGROUP} elements` : `${this.maxWorkgroups * tileRows} rows and ${this.maxWorkgroups * tileCols} columns`;
      throw new BackpropError(op, `a ${m}×${n} result needs ${wy}×${wx} workgroups; this device allows ${this.maxWorkgroups} per dimension (maxComputeWorkgroupsPerDimension), so at most ${most}`);
    }
    this.checkSize(op, m, n);
    const z = this.make(op, m, n);
    const act = epilogue.kind === 'biasActivation' ? this.make(op, m, n) : undefined;
    const key = `matmul.${kind}.${tA ? 'T' : 'N'}${tB ? 'T' : 'N'}.${epilogue.kind === 'biasActivation' ? epilogue.activation.key : epilogue.kind}`;
    const pipeline = this.runtime.pipeline(key, () => ({ direct: directMatmulShader, tiled: matmulShader, register: registerMatmulShader })[kind](tA, tB, epilogue));
    const buffers = [x.buffer, y.buffer, z.buffer];
    if (bv) buffers.push(bv.buffer);
    if (act) buffers.push(act.buffer);
    this.runtime.dispatch({ pipeline, uniforms: { sizes: [m, n, k, x.cols, y.cols], params: [alpha] }, buffers, workgroups: [wx, wy] });
    return act ? { z, a: act } : { z };
  }

  /** One invocation per item (`count` of them) in workgroups of `size`, over a 2-D grid when one row of workgroups is not enough. */
  private gridDispatch(op: string, key: string, source: () => string, count: number, size: number, buffers: PooledBuffer[], sizes: number[], params: readonly number[], extra: number[] = []): void {
    const [wx, wy] = this.grid(op, Math.ceil(count / size));
    const pipeline = this.runtime.pipeline(key, source);
    this.runtime.dispatch({ pipeline, uniforms: { sizes: [sizes[0] ?? 0, sizes[1] ?? 0, sizes[2] ?? 0, wx * size, ...extra], params }, buffers, workgroups: [wx, wy] });
  }

  private elementDispatch(key: string, source: () => string, count: number, buffers: PooledBuffer[], rowsCols: number[], params: readonly number[], extra: number[] = []): void {
    this.gridDispatch(key, key, source, count, ELEMENT_WORKGROUP, buffers, [count, ...rowsCols], params, extra);
  }

  /** `outputs` results, each the sum or max of `inner` elements at base·outerStride + i·innerStride, divided by `divisor`. */
  private reduceDispatch(op: string, fn: ReduceOp, x: PooledBuffer, out: PooledBuffer, outputs: number, inner: number, outerStride: number, innerStride: number, divisor: number): void {
    // Short reductions (a bias gradient over a batch of 64) loop in one invocation per output; long
    // ones (a loss over a whole batch's outputs) use the workgroup tree.
    const serial = inner <= SERIAL_REDUCE_MAX;
    const [wx, wy] = this.grid(op, serial ? Math.ceil(outputs / SERIAL_REDUCE_WORKGROUP) : outputs);
    const pipeline = this.runtime.pipeline(`reduce.${serial ? 'serial' : 'tree'}.${fn}`, () => (serial ? serialReduceShader : reduceShader)(fn));
    this.runtime.dispatch({ pipeline, uniforms: { sizes: [outputs, inner, outerStride, serial ? wx * SERIAL_REDUCE_WORKGROUP : wx, innerStride], params: [divisor] }, buffers: [x, out], workgroups: [wx, wy] });
  }

  private grid(op: string, workgroups: number): [number, number] {
    const wx = Math.min(workgroups, this.maxWorkgroups);
    const wy = Math.ceil(workgroups / wx);
    if (wy > this.maxWorkgroups) throw new BackpropError(op, `needs ${workgroups} workgroups; this device allows ${this.maxWorkgroups}² (maxComputeWorkgroupsPerDimension)`);
    return [wx, wy];
  }

  private make(op: string, rows: number, cols: number): GpuMatrix {
    this.runtime.check(op);
    this.checkSize(op, rows, cols);
    return this.handles.register(new GpuMatrix(rows, cols, this.runtime.pool.acquire(rows * cols * 4)));
  }

  private checkSize(op: string, rows: number, cols: number): void {
    if (rows * cols > this.maxElements) {
      throw new BackpropError(
        op,
        `a ${shapeText({ rows, cols })} matrix holds ${(rows * cols).toLocaleString('en-US')} float32 values, more than this WebGPU device's largest storage buffer holds ` +
          `(${this.maxElements.toLocaleString('en-US')} values, ${Math.round((this.maxElements * 4) / 1048576)} MiB: maxStorageBufferBindingSize); use smaller batches or narrower layers`,
      );
    }
  }
}
