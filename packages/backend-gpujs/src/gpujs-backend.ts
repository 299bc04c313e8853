/**
 * The backprop Backend on gpu.js. Every operation is one gpu.js kernel (compiled once per
 * operation and shapes, then cached) whose output stays where the engine keeps it: a float32
 * texture on GL modes (pipeline mode with immutable outputs, so a handle owns its texture until
 * disposed), a Float32Array per row on webasm and cpu. Nothing is read back unless asked.
 */
import type { ActivationSpec, Axis, Backend, BackendInfo, BinaryOp, Matrix, Program, ReduceOp, UnaryOp } from '@backprop/core';
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, activationForwardProgram, BackpropError, HandleTable } from '@backprop/core';
import type { IGPUKernelSettings, IKernelRunShortcut } from 'gpu.js';
import type { GlTextureCensus } from './gl-texture-census.js';
import { hasRowMajorTexture, packOperandKernel, packedLength, packedMatmulKernel, type GlslSample, type NativeKernel } from './gl-matmul-sources.js';
import type { GpujsModule } from './gpujs-module.js';
import { KernelCache } from './kernel-cache.js';
import * as sources from './kernel-sources.js';
import type { Shape } from './kernel-sources.js';
import type { GpujsMode } from './modes.js';
import { outputArguments, programKernelSource } from './program-sources.js';
import { allowTallTextures } from './tall-textures.js';
import { TransferCounter, type GpujsTransfers } from './transfers.js';

/** A gpu.js GL texture, as far as this backend touches it. */
interface GlTexture {
  toArray(): Float32Array[];
  delete(): void;
  readonly texture: { _refs?: number };
  /** The kernel that made it: gpu.js reads and frees the texture through it. */
  kernel: { context?: unknown };
  _framebuffer?: unknown;
}

/** What a handle holds: a texture on GL modes, one Float32Array per row on webasm and cpu. */
type Stored = GlTexture | Float32Array[];

type KernelArgument = Stored | number | object;

/** A gpu.js run shortcut seen as what it is here: a function of stored values and numbers. */
type RunKernel = (...args: KernelArgument[]) => unknown;

/** The implementation object behind a gpu.js run shortcut, as far as eviction touches it. */
interface KernelImpl {
  readonly constructor: unknown;
  fallbackReason?: string;
  texture?: { texture: unknown } | null;
  textureCache?: { _refs?: number }[];
}

class GpujsMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    public stored: Stored | null,
  ) {}
}

export interface GpujsMemory {
  /** Handles made and not disposed. */
  readonly handles: number;
  /** GL textures alive on the context (null on webasm and cpu, which keep no textures). */
  readonly glTextures: number | null;
  /** Kernels in the cache now, and compiled since creation. */
  readonly cachedKernels: number;
  readonly compiledKernels: number;
}

export interface GpujsBackendParts {
  readonly gpujs: GpujsModule;
  readonly gpu: InstanceType<GpujsModule['GPU']>;
  readonly mode: GpujsMode;
  readonly kernelCacheSize: number;
  readonly census: GlTextureCensus | null;
  /** The GL context (to free textures whose kernel was evicted); null off GL. */
  readonly glContext: { deleteTexture(texture: unknown): void } | null;
  /** The context's MAX_TEXTURE_SIZE (texels a side); null or absent off GL. */
  readonly maxTextureSize?: number | null;
}

const shapeKey = (m: Shape): string => `${m.rows}x${m.cols}`;

const ONE_BY_ONE: Shape = { rows: 1, cols: 1 };

/** How one output of a program runs: its kernel's cache key prefix and the arguments it reads. */
interface OutputPlan {
  readonly keyPrefix: string;
  readonly inputs: readonly number[];
  readonly params: readonly number[];
  readonly reduce: boolean;
}

/**
 * Multiply-adds below which a GL product stays one generic kernel: under it, the two packing
 * kernels cost more than the faster inner loop saves.
 */
const PACKED_PRODUCT_MIN_WORK = 1 << 15;

function kernelClassFor(gpujs: GpujsModule, mode: GpujsMode): unknown {
  switch (mode) {
    case 'headlessgl':
      return gpujs.HeadlessGLKernel;
    case 'webgl2':
      return gpujs.WebGL2Kernel;
    case 'webgl':
      return gpujs.WebGLKernel;
    case 'webasm':
      return gpujs.WebAssemblyKernel;
    case 'cpu':
      return gpujs.CPUKernel;
  }
}

export class GpujsBackend implements Backend {
  readonly info: BackendInfo;
  /**
   * `denseForward` is generic over kinds (the activation's program as its second kernel), so it
   * takes every activation in core's registry; every other composite runs through `elementwise`.
   */
  readonly fusedKinds = { activations: ACTIVATIONS };
  private readonly parts: GpujsBackendParts;
  private readonly kernels: KernelCache<IKernelRunShortcut>;
  private readonly counter = new TransferCounter();
  private readonly isGl: boolean;
  /** The texture lookup of the GLSL version gpu.js writes in this mode (native GLSL must match it). */
  private readonly glslSample: GlslSample;
  private readonly expectedKernelClass: unknown;
  /** The one handle rule (core's HandleTable): disposed, twice-disposed or foreign handles are refused. */
  private readonly handles = new HandleTable<GpujsMatrix>();
  /** GL only: a kernel never evicted, that adopts the textures of evicted kernels (see destroyKernel). */
  private keeper: KernelImpl | null = null;
  /** GL only: texels a side of a texture; a matrix may hold side² values in any shape (tall-textures.ts). */
  private readonly textureSide: number;

  constructor(parts: GpujsBackendParts, limits: readonly string[]) {
    this.parts = parts;
    this.isGl = parts.mode === 'headlessgl' || parts.mode === 'webgl2' || parts.mode === 'webgl';
    this.glslSample = parts.mode === 'webgl2' ? 'texture' : 'texture2D';
    this.expectedKernelClass = kernelClassFor(parts.gpujs, parts.mode);
    this.kernels = new KernelCache(parts.kernelCacheSize, { evict: (k) => this.destroyKernel(k) });
    this.info = { name: 'gpujs', engine: parts.mode, precision: 'float32', limits };
    this.textureSide = this.isGl && parts.maxTextureSize ? parts.maxTextureSize : Infinity;
    if (this.textureSide !== Infinity) allowTallTextures(parts.gpujs, this.textureSide);
    // Made now, so that its two textures are part of the baseline a leak test starts from.
    if (this.isGl) this.keeperKernel();
  }

  // ---- introspection beyond the contract ----

  /** Uploads and downloads so far: a training step should add none beyond its batch upload. */
  transfers(): GpujsTransfers {
    return this.counter.snapshot();
  }

  memory(): GpujsMemory {
    return {
      handles: this.handles.size,
      glTextures: this.parts.census?.liveTextures ?? null,
      cachedKernels: this.kernels.size,
      compiledKernels: this.kernels.compiled,
    };
  }

  /** The cache's bound: at most this many compiled kernels are kept. */
  get kernelCacheSize(): number {
    return this.kernels.maxSize;
  }

  /** Destroys every cached kernel (they recompile on next use). Live handles stay valid. */
  clearKernelCache(): void {
    this.kernels.clear();
  }

  /** Releases the kernels and the GL context. Handles become invalid. */
  close(): void {
    this.kernels.clear();
    void this.parts.gpu.destroy();
  }

  // ---- storage ----

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    this.checkTexels('fromArray', rows, cols);
    const values = Float32Array.from(data);
    this.counter.upload(values.length);
    if (!this.isGl) {
      const rowArrays: Float32Array[] = [];
      for (let r = 0; r < rows; r++) rowArrays.push(values.subarray(r * cols, (r + 1) * cols));
      return this.adopt(rows, cols, rowArrays);
    }
    const shape = { rows, cols };
    const upload = this.kernel(`upload:${shapeKey(shape)}`, shape, rows + cols, sources.copySource);
    return this.adopt(rows, cols, upload(new this.parts.gpujs.Input(values as unknown as number[], [cols, rows])) as Stored);
  }

  fill(rows: number, cols: number, value: number): Matrix {
    return this.run('fill', `fill:${rows}x${cols}`, { rows, cols }, sources.fillSource, [], [value]);
  }

  read(m: Matrix): Promise<Float32Array> {
    try {
      return Promise.resolve(this.readSync(m));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  readSync(m: Matrix): Float32Array {
    const stored = this.storedOf('read', 'argument', m);
    const rowArrays = Array.isArray(stored) ? stored : stored.toArray();
    const out = new Float32Array(m.rows * m.cols);
    for (let r = 0; r < m.rows; r++) out.set(rowArrays[r]!, r * m.cols);
    this.counter.download(out.length);
    return out;
  }

  dispose(m: Matrix): void {
    const own = this.handles.release('dispose', m);
    const stored = own.stored!;
    own.stored = null;
    if (Array.isArray(stored)) return;
    this.release(stored);
  }

  /** Drops one reference to a GL texture, freeing it when it was the last. */
  private release(texture: GlTexture): void {
    const raw = texture.texture;
    texture.delete();
    // A texture whose kernel was evicted outlives it; gpu.js then skips the GL delete
    // (it assumes the context went with the kernel), so free it here.
    if (raw._refs === 0 && texture.kernel.context === undefined) this.parts.glContext?.deleteTexture(raw);
  }

  liveHandles(): number {
    return this.handles.size;
  }

  // ---- primitives ----

  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    const inner = transposeA ? a.rows : a.cols;
    const out = { rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols };
    if (this.packedProductApplies(a, b, out, inner)) return this.packedProduct(a, transposeA, b, transposeB, out, null);
    const key = `matmul:${shapeKey(a)}:${shapeKey(b)}:${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`;
    return this.run('matmul', key, out, () => sources.matmulSource(inner, transposeA, transposeB), [a, b], [], inner);
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    return this.run(`unary(${op})`, `unary:${op}:${shapeKey(a)}`, a, () => sources.unarySource(op), [a], []);
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    const key = `binary:${op}:${shapeKey(a)}:${shapeKey(b)}`;
    return this.run(`binary(${op})`, key, a, () => sources.binarySource(op, a, b), [a, b], []);
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    return this.run(`binaryScalar(${op})`, `scalar:${op}:${shapeKey(a)}`, a, () => sources.binaryScalarSource(op), [a], [s]);
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    const out = axis === 0 ? { rows: 1, cols: a.cols } : { rows: a.rows, cols: 1 };
    const key = `reduce:${op}:${axis}:${shapeKey(a)}`;
    return this.run(`reduce(${op})`, key, out, () => sources.reduceSource(op, axis, a), [a], []);
  }

  // ---- core's programs: the one fusion point ----

  /**
   * Runs one of core's programs (every activation, loss and update rule, from its one
   * definition) as gpu.js kernels: one per output, compiled once per (program, shape) and
   * cached; params are kernel arguments. A 'batchMean' output is a 1×1 kernel, so a loss stays
   * on the device. See program-sources.ts.
   */
  elementwise(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
    const plan = this.planOf(program);
    const first = inputs[0]!;
    const shape = { rows: first.rows, cols: first.cols };
    const shapeText = shapeKey(shape);
    const results: Matrix[] = [];
    // Plain loops, no per-call closures or strings beyond the cache key: a small network's step
    // makes a dozen of these calls, and their cost shows beside a cheap kernel (webasm).
    for (let index = 0; index < plan.length; index++) {
      const output = plan[index]!;
      const out = output.reduce ? ONE_BY_ONE : shape;
      this.checkTexels(program.key, out.rows, out.cols);
      const args: KernelArgument[] = [];
      for (const k of output.inputs) args.push(this.storedOf(program.key, 'input', inputs[k]!));
      for (const k of output.params) args.push(params[k]!);
      const kernel = this.kernel(output.keyPrefix + shapeText, out, Math.max(shape.rows, shape.cols), () => programKernelSource(program, index, shape));
      results.push(this.adopt(out.rows, out.cols, (kernel as unknown as RunKernel)(...args) as Stored));
    }
    return results;
  }

  /** Per program (core builds each once, so the object is the key): each output's cache key prefix and arguments. */
  private readonly plans = new WeakMap<Program, OutputPlan[]>();

  private planOf(program: Program): OutputPlan[] {
    let plan = this.plans.get(program);
    if (!plan) {
      plan = program.outputs.map((o, index) => ({ ...outputArguments(program, index), reduce: o.reduce !== undefined, keyPrefix: `program:${program.key}:${index}:` }));
      this.plans.set(program, plan);
    }
    return plan;
  }

  /** The forward program of each activation kind, looked up once. */
  private readonly forwardPrograms = new Map<ActivationSpec['kind'], Program>();

  /**
   * Z = X·W + b in one product kernel (packed native GLSL on GL when big enough), then the
   * activation's program as one more kernel: generic over kinds, so `fusedKinds` is every
   * activation in core's registry.
   */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const out = { rows: x.rows, cols: w.cols };
    const key = `denseZ:${shapeKey(x)}:${shapeKey(w)}`;
    const z = this.packedProductApplies(x, w, out, x.cols)
      ? this.packedProduct(x, false, w, false, out, b)
      : this.run('denseForward', key, out, () => sources.denseZSource(x.cols), [x, w, b], [], x.cols);
    if (ACTIVATION_DEFINITIONS[spec.kind].identity) return { z, a: z };
    let program = this.forwardPrograms.get(spec.kind);
    if (!program) this.forwardPrograms.set(spec.kind, (program = activationForwardProgram(spec.kind)));
    // The program lists only the params it reads: alpha, or none.
    return { z, a: this.elementwise(program, [z], program.params.length === 0 ? [] : [spec.alpha])[0]! };
  }

  // ---- kernel plumbing ----

  private adopt(rows: number, cols: number, stored: Stored): GpujsMatrix {
    return this.handles.register(new GpujsMatrix(rows, cols, stored));
  }

  /** The storage behind a live handle of this instance; a BackpropError naming `op` otherwise. */
  private storedOf(op: string, what: string, m: Matrix): Stored {
    // A live handle always has storage: dispose is the only place that clears it.
    return this.handles.get(op, what, m).stored!;
  }

  /** Runs the cached kernel for `key` (compiling it on first use) over `inputs` then `scalars`. */
  private run(
    op: string,
    key: string,
    out: Shape,
    source: () => string,
    inputs: Matrix[],
    scalars: number[],
    longestLoop = 0,
  ): GpujsMatrix {
    const args: KernelArgument[] = inputs.map((m, i) => this.storedOf(op, `argument ${i + 1}`, m));
    for (const s of scalars) args.push(s);
    this.checkTexels(op, out.rows, out.cols);
    const kernel = this.kernel(key, out, longestLoop, source);
    return this.adopt(out.rows, out.cols, (kernel as unknown as RunKernel)(...args) as Stored);
  }

  /**
   * Whether a product goes through packed native GLSL (GL modes only): both operands and the
   * product need row-major textures (more than one row, see gl-matmul-sources.ts), and the
   * product must be big enough for two extra packing kernels to pay.
   */
  private packedProductApplies(a: Matrix, b: Matrix, out: Shape, inner: number): boolean {
    return (
      this.isGl &&
      // The native GLSL reads textures row-major: only matrices laid out plainly (no side beyond a texture's).
      this.plainLayout(a) &&
      this.plainLayout(b) &&
      this.plainLayout(out) &&
      hasRowMajorTexture(a) &&
      hasRowMajorTexture(b) &&
      out.rows > 1 &&
      out.cols > 1 &&
      out.rows * out.cols * inner >= PACKED_PRODUCT_MIN_WORK
    );
  }

  /** Whether gpu.js lays `m` out as a plain [cols, rows] texture (else near-square, see tall-textures.ts). */
  private plainLayout(m: Shape): boolean {
    return m.rows <= this.textureSide && m.cols <= this.textureSide;
  }

  /** Refuses, before any work, a matrix with more values than one GL texture holds. */
  private checkTexels(op: string, rows: number, cols: number): void {
    const side = this.textureSide;
    if (rows * cols > side * side) {
      throw new BackpropError(
        op,
        `a [${rows},${cols}] matrix holds ${rows * cols} values, more than one ${this.parts.mode} texture can (${side}×${side} = ${side * side}); ` +
          'use smaller batches, split the layer, or the cpu or webasm mode',
      );
    }
  }

  /** op(a)·op(b) (+ bias as a row) on GL: both operands packed along the inner dimension, then one vec4 dot-product kernel. */
  private packedProduct(a: Matrix, transposeA: boolean, b: Matrix, transposeB: boolean, out: Shape, bias: Matrix | null): GpujsMatrix {
    const op = bias === null ? 'matmul' : 'denseForward';
    const inner = transposeA ? a.rows : a.cols;
    const packedA = this.packOperand(op, a, !transposeA);
    const packedB = this.packOperand(op, b, transposeB);
    const packed = packedLength(inner);
    const key = `packedMatmul:${shapeKey(out)}:${packed}:${bias === null ? 'plain' : 'bias'}`;
    const kernel = this.nativeKernel(key, out, () => packedMatmulKernel(out, packed, bias !== null, this.glslSample));
    const args: KernelArgument[] = [packedA, packedB];
    if (bias !== null) args.push(this.storedOf(op, 'bias', bias));
    const product = (kernel as unknown as RunKernel)(...args) as Stored;
    // The packed operands are scratch: their textures go back to their kernels for the next
    // product (or are freed, should a small cache have evicted a packing kernel meanwhile).
    this.release(packedA);
    this.release(packedB);
    return this.adopt(out.rows, out.cols, product);
  }

  /** One operand of a product packed four inner values per texel: texture [packedLength(inner), outer]. */
  private packOperand(op: string, m: Matrix, innerAlongCols: boolean): GlTexture {
    const stored = this.storedOf(op, 'operand', m);
    const outer = innerAlongCols ? m.rows : m.cols;
    const inner = innerAlongCols ? m.cols : m.rows;
    const key = `pack:${shapeKey(m)}:${innerAlongCols ? 'cols' : 'rows'}`;
    const kernel = this.nativeKernel(key, { rows: outer, cols: packedLength(inner) }, () => packOperandKernel(m, innerAlongCols, this.glslSample));
    return (kernel as unknown as RunKernel)(stored) as GlTexture;
  }

  /** A cached kernel whose body is one native GLSL function (GL modes only). */
  private nativeKernel(key: string, out: Shape, make: () => NativeKernel): IKernelRunShortcut {
    // Generated only on a cache miss, once for both halves.
    let made: NativeKernel | null = null;
    const generated = (): NativeKernel => (made ??= make());
    return this.kernel(key, out, 0, () => generated().kernel, () => generated().native);
  }

  private kernel(key: string, out: Shape, longestLoop: number, source: () => string, native?: () => NativeKernel['native']): IKernelRunShortcut {
    return this.kernels.get(key, () => {
      const kernelSource = source();
      const settings = {
        output: [out.cols, out.rows],
        pipeline: true,
        immutable: true,
        precision: 'single',
        // highp everywhere: gpu.js otherwise picks the lowest precision the output allows.
        tactic: 'precision',
        // Loop bounds are literals, but gpu.js still caps loops at this count on some backends.
        loopMaxIterations: Math.max(1000, longestLoop + 1),
        ...(native ? { nativeFunctions: [native()] } : {}),
      };
      const compiled = this.parts.gpu.createKernel(kernelSource, settings as IGPUKernelSettings);
      return this.guardEngine(key, compiled);
    });
  }

  /**
   * gpu.js degrades a kernel it cannot take to its CPU backend with only a console warning;
   * here that is an error, so a run can never claim a mode it did not use.
   */
  private guardEngine(key: string, compiled: IKernelRunShortcut): IKernelRunShortcut {
    let checked = false;
    const expected = this.expectedKernelClass;
    const mode = this.parts.mode;
    const run = compiled as unknown as RunKernel;
    const guarded = ((...args: KernelArgument[]) => {
      const result = run(...args);
      if (!checked) {
        const impl = compiled.kernel as unknown as KernelImpl;
        if (impl.constructor !== expected) {
          throw new Error(`gpujs backend: kernel '${key}' fell back from ${mode} to another gpu.js backend: ${impl.fallbackReason ?? 'no reason given'}`);
        }
        checked = true;
      }
      return result;
    }) as IKernelRunShortcut;
    Object.defineProperty(guarded, 'kernel', { get: () => compiled.kernel });
    Object.defineProperty(guarded, 'destroy', { value: () => compiled.destroy() });
    return guarded;
  }

  /** A built GL kernel that stays out of the cache, so textures can outlive the kernel that made them. */
  private keeperKernel(): KernelImpl {
    if (this.keeper === null) {
      const keeper = this.parts.gpu.createKernel(sources.copySource(), { output: [1, 1], pipeline: true, immutable: true, precision: 'single' });
      const out = keeper(new this.parts.gpujs.Input([0], [1, 1])) as unknown as GlTexture;
      out.delete();
      this.keeper = keeper.kernel as unknown as KernelImpl;
    }
    return this.keeper;
  }

  private destroyKernel(kernel: IKernelRunShortcut): void {
    const impl = kernel.kernel as unknown as KernelImpl;
    if (this.isGl) {
      // gpu.js reads a texture back, and frees it, through the kernel that made it, which
      // destroy() leaves without a context: hand live textures to the keeper first.
      const keeper = this.keeperKernel();
      for (const m of this.handles.values()) {
        const stored = m.stored;
        if (stored !== null && !Array.isArray(stored) && stored.kernel === (impl as unknown)) {
          stored.kernel = keeper as unknown as GlTexture['kernel'];
          stored._framebuffer = null;
        }
      }
    }
    // destroy() deletes every texture in the kernel's cache, including ones that handles still
    // hold; keep those out of it (their handles' dispose frees them) and let only the kernel's
    // own output go through its reference count.
    if (impl.textureCache) {
      const own = impl.texture?.texture;
      impl.textureCache = impl.textureCache.filter((t) => t === own || !t._refs);
    }
    kernel.destroy();
  }
}
