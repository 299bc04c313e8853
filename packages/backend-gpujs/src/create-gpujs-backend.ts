/**
 * createGpujsBackend: picks the gpu.js mode, proves it works with a probe kernel on a real
 * context, and returns the Backend. `auto` takes the first mode in AUTO_ORDER that passes.
 */
import { GlTextureCensus, type GlTextureApi } from './gl-texture-census.js';
import { GpujsBackend } from './gpujs-backend.js';
import { displayName, loadGpujs, loadHeadlessGl, type GpujsModule, type HeadlessGlFactory } from './gpujs-module.js';
import { DEFAULT_KERNEL_CACHE_SIZE } from './kernel-cache.js';
import {
  AUTO_ORDER,
  GPUJS_MODES,
  GpujsModeUnavailableError,
  diagnoseMode,
  type Availability,
  type GpujsMode,
  type GpujsModeRequest,
} from './modes.js';

export interface GpujsBackendOptions {
  /** Default 'auto': headless GL or WebGL where a context really works, else WebAssembly, else CPU. */
  readonly mode?: GpujsModeRequest;
  /** How many compiled kernels to keep (least recently used evicted). Default 512. */
  readonly kernelCacheSize?: number;
  /** For tests of the diagnosis: how to load the `gl` addon. Default: require('gl'). */
  readonly loadHeadlessGl?: () => HeadlessGlFactory;
}

const PROBE_INPUT = [1 / 3, -2.5, 1e-3, 7];

/** Runs a small float kernel in `mode`; returns why it failed, or null when the values came back right. */
function probe(gpu: InstanceType<GpujsModule['GPU']>, gpujs: GpujsModule): string | null {
  const kernel = gpu.createKernel('function(a) { return a[this.thread.y][this.thread.x] * 3 + 0.5; }', {
    output: [2, 2],
    pipeline: true,
    immutable: true,
    precision: 'single',
    tactic: 'precision',
  });
  try {
    const out = kernel(new gpujs.Input(Float32Array.from(PROBE_INPUT) as unknown as number[], [2, 2])) as { toArray?: () => Float32Array[]; delete?: () => void } | Float32Array[];
    const rows = Array.isArray(out) ? out : out.toArray!();
    if (!Array.isArray(out)) out.delete?.();
    const got = [...rows[0]!, ...rows[1]!];
    for (let i = 0; i < PROBE_INPUT.length; i++) {
      const want = Math.fround(Math.fround(PROBE_INPUT[i]!) * 3 + 0.5);
      if (Math.abs(got[i]! - want) > 1e-6 * Math.max(1, Math.abs(want))) {
        return `a probe kernel returned ${got.join(', ')} instead of ${PROBE_INPUT.map((v) => v * 3 + 0.5).join(', ')}: this context does not compute in float32`;
      }
    }
    const impl = kernel.kernel as unknown as { fallbackReason?: string; constructor: { name: string } };
    if (impl.fallbackReason) return `gpu.js fell back to ${impl.constructor.name}: ${impl.fallbackReason}`;
    return null;
  } catch (err) {
    return `a probe kernel failed: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    kernel.destroy();
  }
}

function limitsFor(mode: GpujsMode, maxTextureSize: number | null): string[] {
  const limits = ['float32 only: values and arithmetic are single precision'];
  if (maxTextureSize !== null) {
    limits.push(
      `a matrix is one float texture of at most ${maxTextureSize}×${maxTextureSize} texels: rows·cols may be up to ${maxTextureSize * maxTextureSize} values, in any shape ` +
        `(a matrix with more than ${maxTextureSize} rows or columns is laid out near-square); a larger one is refused with a BackpropError before any work`,
    );
    limits.push('GPU float arithmetic may differ from IEEE float32 in the last bits (fused multiply-add, approximate exp/log), by driver');
  } else {
    limits.push(`${mode} runs on the CPU: use it where no GL context exists, not for speed on wide layers`);
  }
  limits.push('the first call of each operation at each shape compiles a kernel (milliseconds); later calls reuse it');
  return limits;
}

/** Tries one mode: diagnosis, then a GPU instance and a probe kernel on it. */
function tryMode(
  mode: GpujsMode,
  gpujs: GpujsModule,
  loadGl: () => HeadlessGlFactory,
  kernelCacheSize: number,
): { backend: GpujsBackend } | { reason: string } {
  const availability: Availability = diagnoseMode(mode, gpujs, loadGl, displayName());
  if (!availability.ok) return { reason: availability.reason };
  let gpu: InstanceType<GpujsModule['GPU']>;
  try {
    gpu = new gpujs.GPU({ mode });
  } catch (err) {
    return { reason: `gpu.js refused the mode: ${err instanceof Error ? err.message : String(err)}` };
  }
  const failure = probe(gpu, gpujs);
  if (failure !== null) {
    void gpu.destroy();
    return { reason: failure };
  }
  const isGl = mode === 'headlessgl' || mode === 'webgl2' || mode === 'webgl';
  const context = isGl ? (gpu.context as (GlTextureApi & { getParameter(p: number): unknown; MAX_TEXTURE_SIZE: number }) | null) : null;
  const census = context ? new GlTextureCensus(context) : null;
  const maxTextureSize = context ? Number(context.getParameter(context.MAX_TEXTURE_SIZE)) : null;
  const backend = new GpujsBackend({ gpujs, gpu, mode, kernelCacheSize, census, glContext: context, maxTextureSize }, limitsFor(mode, maxTextureSize));
  return { backend };
}

export function createGpujsBackend(options: GpujsBackendOptions = {}): GpujsBackend {
  const requested = options.mode ?? 'auto';
  if (!GPUJS_MODES.includes(requested)) {
    throw new Error(`createGpujsBackend: mode must be one of ${GPUJS_MODES.join(', ')}, got ${JSON.stringify(requested)}`);
  }
  const kernelCacheSize = options.kernelCacheSize ?? DEFAULT_KERNEL_CACHE_SIZE;
  if (!Number.isInteger(kernelCacheSize) || kernelCacheSize < 1) {
    throw new Error(`createGpujsBackend: kernelCacheSize must be a positive integer, got ${String(kernelCacheSize)}`);
  }
  const loadGl = options.loadHeadlessGl ?? loadHeadlessGl;
  const gpujs = loadGpujs();
  if (requested !== 'auto') {
    const result = tryMode(requested, gpujs, loadGl, kernelCacheSize);
    if ('reason' in result) throw new GpujsModeUnavailableError(requested, result.reason);
    return result.backend;
  }
  const reasons: string[] = [];
  for (const mode of AUTO_ORDER) {
    const result = tryMode(mode, gpujs, loadGl, kernelCacheSize);
    if ('backend' in result) return result.backend;
    reasons.push(`${mode}: ${result.reason}`);
  }
  throw new GpujsModeUnavailableError('auto', reasons.join('; '));
}
