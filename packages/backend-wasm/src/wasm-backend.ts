/**
 * The backend: float32 matrices in a WebAssembly module's linear memory, primitives and fused
 * composites run by SIMD kernels (assembly/), big kernel calls split across helper threads that
 * share the memory. Core validates all input before calling in, so the only checks here are the
 * handle rule's (core's HandleTable) and that the backend is still open.
 */
import {
  ACTIVATION_DEFINITIONS,
  ACTIVATIONS,
  activationForwardProgram,
  BackpropError,
  HandleTable,
  LOSSES,
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
import { Allocator } from './allocator.js';
import { BINARY_CODE, BROADCAST, REDUCE_CODE, UNARY_CODE } from './kernel-codes.js';
import { denseExportName, exportedKernel, programExportName, type Kernels, type RangeKernel } from './kernels.js';
import type { ThreadPool } from './threads/thread-pool.js';
import { WasmMatrix } from './wasm-matrix.js';

export type WasmMode = 'threads' | 'single';

export interface WasmBackendInfo extends BackendInfo {
  readonly engine: WasmMode;
  /** Threads a big kernel call is split across (the main thread included). */
  readonly threads: number;
  /** Whether linear memory is a SharedArrayBuffer (views from hostArray survive memory growth). */
  readonly sharedMemory: boolean;
  /** The linear-memory ceiling in MiB. */
  readonly maxMemoryMiB: number;
}

/** Everything the factory prepared: the instance, its memory, and (when threads run) the pool. */
export interface WasmRuntime {
  readonly kernels: Kernels;
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly maxBytes: number;
  readonly pool: ThreadPool | undefined;
  readonly limits: string[];
  /** Multiply-adds from which a matmul is split across threads. */
  readonly matmulThreshold: number;
  /** Elements from which elementwise work is split across threads. */
  readonly elementwiseThreshold: number;
}

/**
 * Every kind in core's registries: the build prints a kernel for each of core's programs
 * (assembly/generated/programs.ts), so the list is complete by construction.
 */
const FUSED_KINDS: FusedKinds = { activations: ACTIVATIONS, losses: LOSSES };

/** A program's kernel as elementwise() calls it: the operation name its errors carry, its export and the function. */
interface ProgramPlan {
  readonly op: string;
  readonly name: string;
  readonly kernel: RangeKernel;
}

export class WasmBackend implements Backend {
  readonly info: WasmBackendInfo;
  readonly fusedKinds = FUSED_KINDS;
  private readonly handles = new HandleTable<WasmMatrix>();
  private readonly allocator: Allocator;
  private readonly kernels: Kernels;
  private readonly memory: WebAssembly.Memory;
  private f32: Float32Array;
  private pool: ThreadPool | undefined;
  private readonly tileRows: number;
  private readonly matmulThreshold: number;
  private readonly elementwiseThreshold: number;
  private closed = false;
  /** Kernels by export name, resolved once. */
  private readonly exported = new Map<string, RangeKernel>();
  /** Each program's error name, export and kernel, by the program (core builds each once). */
  private readonly plans = new Map<Program, ProgramPlan>();

  constructor(runtime: WasmRuntime, base: number) {
    this.kernels = runtime.kernels;
    this.memory = runtime.memory;
    this.pool = runtime.pool;
    this.matmulThreshold = runtime.matmulThreshold;
    this.elementwiseThreshold = runtime.elementwiseThreshold;
    this.f32 = new Float32Array(this.memory.buffer);
    this.allocator = new Allocator(this.memory, base, runtime.maxBytes, () => (this.f32 = new Float32Array(this.memory.buffer)));
    this.tileRows = this.kernels.tileRows();
    const threads = 1 + (this.pool?.size ?? 0);
    this.info = {
      name: 'wasm',
      engine: threads > 1 ? 'threads' : 'single',
      precision: 'float32',
      limits: runtime.limits,
      threads,
      sharedMemory: runtime.shared,
      maxMemoryMiB: runtime.maxBytes / 2 ** 20,
    };
  }

  // ---- handles and storage ----

  private make(op: string, rows: number, cols: number): WasmMatrix {
    if (this.closed) throw new BackpropError(op, 'this wasm backend was closed; create a new one');
    return this.handles.register(new WasmMatrix(rows, cols, this.allocator.alloc(op, rows * cols * 4)));
  }

  private use(op: string, what: string, m: Matrix): WasmMatrix {
    if (this.closed) throw new BackpropError(op, 'this wasm backend was closed; its handles are no longer valid');
    return this.handles.get(op, what, m);
  }

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    const out = this.make('fromArray', rows, cols);
    const n = rows * cols;
    const src = data.length === n ? data : Array.prototype.slice.call(data, 0, n);
    this.f32.set(src as ArrayLike<number>, out.ptr >>> 2);
    return out;
  }

  fill(rows: number, cols: number, value: number): Matrix {
    const out = this.make('fill', rows, cols);
    const start = out.ptr >>> 2;
    this.f32.fill(value, start, start + out.length);
    return out;
  }

  read(m: Matrix): Promise<Float32Array> {
    try {
      return Promise.resolve(this.copyOut('read', m));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readSync(m: Matrix): Float32Array {
    return this.copyOut('readSync', m);
  }

  /** A caller-owned copy, in ordinary (not shared) memory. */
  private copyOut(op: string, m: Matrix): Float32Array {
    const h = this.use(op, 'argument', m);
    const start = h.ptr >>> 2;
    return this.f32.slice(start, start + h.length);
  }

  /**
   * A Float32Array over the matrix's storage in linear memory: writing to it changes the matrix.
   * Valid until the handle is disposed. With shared memory (info.sharedMemory) it survives
   * memory growth; with plain memory a growth (any later allocation may grow) detaches it, so
   * take a fresh one after making new matrices.
   */
  hostArray(m: Matrix): Float32Array {
    const h = this.use('hostArray', 'argument', m);
    // A view of plain memory that growth detached has length 0: make a fresh one.
    if (h.view === undefined || h.view.length !== h.length) h.view = new Float32Array(this.memory.buffer, h.ptr, h.length);
    return h.view;
  }

  dispose(m: Matrix): void {
    if (this.closed) throw new BackpropError('dispose', 'this wasm backend was closed; its handles are no longer valid');
    const h = this.handles.release('dispose', m);
    this.allocator.release(h.ptr, h.bytes);
  }

  liveHandles(): number {
    return this.handles.size;
  }

  /** Bytes of linear memory the allocator has handed out and not taken back. */
  bytesInUse(): number {
    return this.allocator.bytesInUse;
  }

  /** Bytes of linear memory now (it grows on demand up to info.maxMemoryMiB). */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Resolves once every helper thread has started, with how many are ready (0 on one thread). */
  async threadsReady(): Promise<number> {
    return this.pool === undefined ? 0 : this.pool.whenReady();
  }

  /** Shares of kernel calls that helper threads have computed so far (0 on one thread). */
  threadJobsRun(): number {
    return this.pool?.jobsRun ?? 0;
  }

  /** Terminates the helper threads and drops the memory. Every handle becomes invalid. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.pool?.close();
    this.pool = undefined;
    this.handles.clear();
  }

  // ---- running kernels ----

  /** The export `name` of the kernels, or undefined when this build has none of that name. */
  private kernel(name: string): RangeKernel | undefined {
    let f = this.exported.get(name);
    if (f === undefined) {
      f = exportedKernel(this.kernels, name);
      if (f !== undefined) this.exported.set(name, f);
    }
    return f;
  }

  /** A generated kernel, or a BackpropError saying that the kernels predate core's program and how to rebuild them. */
  private generated(op: string, name: string, what: string): RangeKernel {
    const f = this.kernel(name);
    if (f === undefined) {
      throw new BackpropError(
        op,
        `the wasm kernels have no kernel for ${what} (export '${name}'): they were built before @backprop/core defined it; ` +
          'rebuild them with `pnpm --filter @backprop/backend-wasm build` (the build prints every program of core as AssemblyScript)',
      );
    }
    return f;
  }

  /**
   * kernel(0, total, ...args) on this thread, or split in chunks across the threads when the
   * work (in the kernel's units: elements, or multiply-adds for a matmul) reaches `threshold`.
   */
  private run(name: string, total: number, chunk: number, work: number, threshold: number, args: number[], kernel?: RangeKernel): void {
    const pool = this.pool;
    if (pool !== undefined && work >= threshold && total > chunk && pool.readyHelpers() > 0 && pool.canSplit(name, args.length)) {
      pool.run(this.kernels, name, total, chunk, args);
      return;
    }
    (kernel ?? this.kernel(name)!)(0, total, ...args);
  }

  /** A chunk of elements (a multiple of 16) or rows that gives each thread a few pieces of the work. */
  private chunkOf(total: number, multiple: number): number {
    const threads = 1 + (this.pool?.size ?? 0);
    const pieces = threads * 4;
    return Math.max(multiple, Math.ceil(total / pieces / multiple) * multiple);
  }

  private byElements(name: string, length: number, args: number[]): void {
    this.run(name, length, this.chunkOf(length, 1024), length, this.elementwiseThreshold, args);
  }

  private byRows(name: string, rows: number, cols: number, args: number[], kernel?: RangeKernel): void {
    const chunkRows = Math.max(1, Math.ceil(this.chunkOf(rows * cols, 1024) / Math.max(1, cols)));
    this.run(name, rows, chunkRows, rows * cols, this.elementwiseThreshold, args, kernel);
  }

  /** c (m×n) = op(a)·op(b): op(b) is packed once (its panels split across threads when big), then rows of c are split. */
  private multiplyInto(a: WasmMatrix, transA: boolean, b: WasmMatrix, transB: boolean, c: WasmMatrix): void {
    const m = transA ? a.cols : a.rows;
    const n = transB ? b.rows : b.cols;
    const k = transA ? a.rows : a.cols;
    const packedBytes = this.kernels.packedBFloats(k, n) * 4;
    const packed = this.allocator.alloc('matmul', packedBytes);
    try {
      const panels = Math.ceil(n / 8);
      this.run('packB', panels, this.chunkOf(panels, 1), k * n, this.elementwiseThreshold, [b.ptr, transB ? 1 : 0, packed, k, n]);
      const chunk = this.chunkOf(m, this.tileRows);
      this.run('matmulRows', m, chunk, m * n * k, this.matmulThreshold, [a.ptr, transA ? 1 : 0, packed, c.ptr, m, n, k]);
    } finally {
      this.allocator.release(packed, packedBytes);
    }
  }

  // ---- primitives ----

  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    const ha = this.use('matmul', 'a', a);
    const hb = this.use('matmul', 'b', b);
    const out = this.make('matmul', transposeA ? ha.cols : ha.rows, transposeB ? hb.rows : hb.cols);
    this.multiplyInto(ha, transposeA, hb, transposeB, out);
    return out;
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    const name = `unary(${op})`;
    const ha = this.use(name, 'argument', a);
    const out = this.make(name, ha.rows, ha.cols);
    this.byElements('unary', ha.length, [UNARY_CODE[op], ha.ptr, out.ptr]);
    return out;
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const name = `binary(${op})`;
    const ha = this.use(name, 'a', a);
    const hb = this.use(name, 'b', b);
    const out = this.make(name, ha.rows, ha.cols);
    const mode =
      hb.rows === ha.rows && hb.cols === ha.cols ? BROADCAST.same : hb.rows === 1 && hb.cols === 1 ? BROADCAST.scalar : hb.rows === 1 ? BROADCAST.row : BROADCAST.column;
    this.byRows('binary', ha.rows, ha.cols, [BINARY_CODE[op], ha.ptr, hb.ptr, out.ptr, ha.cols, mode]);
    return out;
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    const name = `binaryScalar(${op})`;
    const ha = this.use(name, 'a', a);
    const out = this.make(name, ha.rows, ha.cols);
    this.byElements('binaryScalar', ha.length, [BINARY_CODE[op], ha.ptr, s, out.ptr]);
    return out;
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const name = `reduce(${op})`;
    const ha = this.use(name, 'argument', a);
    const out = axis === 0 ? this.make(name, 1, ha.cols) : this.make(name, ha.rows, 1);
    this.kernels.reduce(REDUCE_CODE[op], axis, ha.ptr, ha.rows, ha.cols, out.ptr);
    return out;
  }

  // ---- fused composites: core's programs, printed as AssemblyScript by the build ----

  /**
   * Runs one of core's programs (activations, losses, update rules) as its generated kernel
   * (assembly/generated/programs.ts): inputs and element outputs are pointers into linear
   * memory, params are arguments; a 'batchMean' output is the kernel's float64 return divided
   * by rows, stored 1×1. Element-only programs are split by rows across the threads. Throws a
   * BackpropError naming the program when these kernels were built before core defined it.
   */
  elementwise(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
    const plan = this.plans.get(program) ?? this.planOf(program);
    const { op } = plan;
    const first = this.use(op, program.inputs[0]!, inputs[0]!);
    const { rows, cols } = first;
    const args = [cols, first.ptr];
    for (let i = 1; i < inputs.length; i++) args.push(this.use(op, program.inputs[i]!, inputs[i]!).ptr);
    const outputs: Matrix[] = [];
    let reduced: WasmMatrix | undefined;
    for (const output of program.outputs) {
      const m = output.reduce ? (reduced = this.make(op, 1, 1)) : this.make(op, rows, cols);
      if (!output.reduce) args.push(m.ptr);
      outputs.push(m);
    }
    for (const p of params) args.push(p);
    if (reduced === undefined) {
      this.byRows(plan.name, rows, cols, args, plan.kernel);
    } else {
      // A sum over the whole batch: one thread, in float64, like core's reference convention.
      this.f32[reduced.ptr >>> 2] = (plan.kernel(0, rows, ...args) as number) / rows;
    }
    return outputs;
  }

  /** How to call a program's kernel, resolved once per program (core builds each program once). */
  private planOf(program: Program): ProgramPlan {
    const op = `elementwise(${program.key})`;
    const name = programExportName(program.key);
    const plan = { op, name, kernel: this.generated(op, name, `program '${program.key}'`) };
    this.plans.set(program, plan);
    return plan;
  }

  /**
   * Z = X·W + b, then A = f(Z): the matmul writes Z, then one pass per row adds the bias in
   * place and writes A with the activation's generated epilogue (`dense$<kind>`, printed from
   * the kind's forward program). An identity activation's A is Z.
   */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const op = 'denseForward';
    const hx = this.use(op, 'x', x);
    const hw = this.use(op, 'w', w);
    const hb = this.use(op, 'b', b);
    if (ACTIVATION_DEFINITIONS[spec.kind].identity) {
      const z = this.make(op, hx.rows, hw.cols);
      this.multiplyInto(hx, false, hw, false, z);
      this.byRows('addBias', z.rows, z.cols, [z.cols, z.ptr, hb.ptr]);
      return { z, a: z };
    }
    const name = denseExportName(spec.kind);
    this.generated(op, name, `the dense layer of activation '${spec.kind}'`);
    const program = activationForwardProgram(spec.kind);
    const z = this.make(op, hx.rows, hw.cols);
    this.multiplyInto(hx, false, hw, false, z);
    const a = this.make(op, z.rows, z.cols);
    // An activation's forward program reads at most one param, alpha (core's programs.ts).
    const params = program.params.map(() => spec.alpha);
    this.byRows(name, z.rows, z.cols, [z.cols, z.ptr, hb.ptr, a.ptr, ...params]);
    return { z, a };
  }
}
