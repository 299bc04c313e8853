/**
 * createWasmBackend: compiles the kernels (once per process), makes the linear memory (shared
 * when SharedArrayBuffer exists, so helper threads and hostArray views can rely on it), starts
 * the helper threads and hands everything to WasmBackend.
 */
import { BackpropError } from '@backprop/core';
import { loadKernelModule, type Kernels } from './kernels.js';
import { findSpawner, hardwareThreads } from './threads/spawn.js';
import { ThreadPool } from './threads/thread-pool.js';
import { WasmBackend, type WasmMode } from './wasm-backend.js';

export interface WasmBackendOptions {
  /**
   * 'threads' splits big kernel calls across helper threads (worker_threads in Node, Web Workers
   * in a cross-origin-isolated page); 'single' runs everything on the calling thread. 'auto'
   * (default) is 'threads' where threads are possible and the machine has more than one core.
   * Where threads are unavailable, 'threads' runs on one thread and says why in info.limits.
   */
  readonly mode?: WasmMode | 'auto';
  /** Threads in 'threads' mode, the calling thread included. Default: the machine's parallelism, at most 8. */
  readonly threads?: number;
  /** Ceiling of the linear memory in MiB (default and most: 4096, what wasm32 addresses). */
  readonly maxMemoryMiB?: number;
  /**
   * Whether linear memory is a SharedArrayBuffer. Default: wherever SharedArrayBuffer exists.
   * false runs on one thread and is what a page without cross-origin isolation gets; it is
   * offered so that this path can be tested where threads exist.
   */
  readonly sharedMemory?: boolean;
  /** Matmuls of at least this many multiply-adds are split across threads. Default 2^18. */
  readonly matmulThreshold?: number;
  /** Elementwise calls over at least this many elements are split across threads. Default 2^16. */
  readonly elementwiseThreshold?: number;
}

const MAX_DEFAULT_THREADS = 8;
const PAGE = 65536;
const WASM32_MAX_MIB = 4096;

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new BackpropError('createWasmBackend', `${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0)) throw new BackpropError('createWasmBackend', `${name} must be a number ≥ 0, got ${String(value)}`);
  return value;
}

/** A memory with `maximum` pages, shared if asked and possible; halves the maximum while the runtime refuses to reserve it. */
function makeMemory(initial: number, maximum: number, shared: boolean, limits: string[]): { memory: WebAssembly.Memory; maximum: number } {
  let max = maximum;
  for (;;) {
    try {
      return { memory: new WebAssembly.Memory({ initial, maximum: max, shared }), maximum: max };
    } catch (error) {
      if (max / 2 < initial) throw error;
      max = Math.floor(max / 2);
      limits.push(`the runtime could not reserve ${(max * 2 * PAGE) / 2 ** 20} MiB of linear memory; the ceiling is ${(max * PAGE) / 2 ** 20} MiB`);
    }
  }
}

/** A Backend on WebAssembly SIMD kernels over float32 linear memory, with helper threads where the runtime has them. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'threads' && mode !== 'single') {
    throw new BackpropError('createWasmBackend', `mode must be 'threads', 'single' or 'auto', got ${String(mode)}`);
  }
  const maxMiB = options.maxMemoryMiB === undefined ? WASM32_MAX_MIB : positiveInteger('maxMemoryMiB', options.maxMemoryMiB);
  if (maxMiB > WASM32_MAX_MIB) throw new BackpropError('createWasmBackend', `maxMemoryMiB must be at most ${WASM32_MAX_MIB} (wasm32 addresses 4 GiB), got ${maxMiB}`);
  const matmulThreshold = nonNegative('matmulThreshold', options.matmulThreshold ?? 2 ** 18);
  const elementwiseThreshold = nonNegative('elementwiseThreshold', options.elementwiseThreshold ?? 2 ** 16);
  const limits: string[] = [];

  if (options.sharedMemory !== undefined && typeof options.sharedMemory !== 'boolean') {
    throw new BackpropError('createWasmBackend', `sharedMemory must be true or false, got ${String(options.sharedMemory)}`);
  }
  const spawner = options.sharedMemory === false ? 'sharedMemory: false was asked for (threads need shared memory)' : findSpawner();
  const requested = mode === 'single' ? 1 : options.threads === undefined ? Math.min(MAX_DEFAULT_THREADS, hardwareThreads()) : positiveInteger('threads', options.threads);
  let threads = requested;
  if (typeof spawner === 'string') {
    if (mode !== 'single') limits.push(`one thread only: ${spawner}`);
    threads = 1;
  } else if (mode === 'threads' && requested === 1) {
    limits.push('one thread only: this machine offers a single core (or threads: 1 was asked for)');
  }
  const shared = typeof spawner !== 'string';
  if (options.sharedMemory === true && !shared) throw new BackpropError('createWasmBackend', `sharedMemory: true was asked for, but ${spawner}`);

  const module = await loadKernelModule(shared);
  const { memory, maximum } = makeMemory(64, (maxMiB * 2 ** 20) / PAGE, shared, limits);
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;

  // Scratch for each thread's packed A strips sits between the module's data and the heap.
  const scratchBytes = Math.ceil(kernels.scratchBytes() / 64) * 64;
  const scratchBase = Math.ceil(kernels.heapBase() / 64) * 64;
  const scratch = Array.from({ length: threads }, (_, t) => scratchBase + t * scratchBytes);
  const heapBase = scratchBase + threads * scratchBytes;
  if (heapBase > memory.buffer.byteLength) memory.grow(Math.ceil((heapBase - memory.buffer.byteLength) / PAGE));
  kernels.setScratch(scratch[0]!);

  let pool: ThreadPool | undefined;
  if (threads > 1 && typeof spawner !== 'string') {
    const backendLimits = limits;
    pool = new ThreadPool(spawner, threads - 1, module, memory, scratch.slice(1), (message) => backendLimits.push(message));
  }
  if (!shared) limits.push('linear memory is not shared here: a hostArray view is detached when memory grows');
  return new WasmBackend(
    { kernels, memory, shared, maxBytes: maximum * PAGE, pool, limits, matmulThreshold, elementwiseThreshold },
    heapBase,
  );
}
