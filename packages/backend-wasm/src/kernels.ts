/**
 * The WebAssembly kernels' exports as the JavaScript side sees them (assembly/index.ts), and
 * how to load the compiled module. Pointers are byte addresses in the module's linear memory;
 * functions that threads may split take (start, end) first.
 */
import { BackpropError } from '@backprop/core';

export interface Kernels {
  readonly heapBase: () => number;
  readonly tileRows: () => number;
  readonly setScratch: (ptr: number) => void;
  readonly scratchBytes: () => number;
  readonly packedBFloats: (k: number, n: number) => number;
  readonly packB: (start: number, end: number, b: number, transB: number, dst: number, k: number, n: number) => void;
  readonly matmulRows: (start: number, end: number, a: number, transA: number, bPacked: number, c: number, m: number, n: number, k: number) => void;
  readonly unary: (start: number, end: number, op: number, a: number, out: number) => void;
  readonly binary: (start: number, end: number, op: number, a: number, b: number, out: number, cols: number, mode: number) => void;
  readonly binaryScalar: (start: number, end: number, op: number, a: number, s: number, out: number) => void;
  readonly reduce: (op: number, axis: number, a: number, rows: number, cols: number, out: number) => void;
  readonly activation: (start: number, end: number, kind: number, alpha: number, z: number, out: number, cols: number) => void;
  readonly biasActivation: (start: number, end: number, kind: number, alpha: number, z: number, bias: number, a: number, cols: number) => void;
  readonly activationBackward: (start: number, end: number, kind: number, alpha: number, dA: number, z: number, a: number, out: number, cols: number) => void;
  readonly lossValue: (loss: number, z: number, a: number, y: number, rows: number, cols: number) => number;
  readonly outputError: (loss: number, kind: number, alpha: number, z: number, a: number, y: number, error: number, rows: number, cols: number) => number;
  readonly sgd: (start: number, end: number, w: number, g: number, lr: number, w2: number) => void;
  readonly momentum: (start: number, end: number, w: number, v: number, g: number, lr: number, mu: number, w2: number, v2: number) => void;
  readonly adam: (
    start: number,
    end: number,
    w: number,
    m: number,
    v: number,
    g: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    c1: number,
    c2: number,
    w2: number,
    m2: number,
    v2: number,
  ) => void;
}

/** The kernels that threads can split, by name: a job names one of these. */
export const SPLITTABLE = ['packB', 'matmulRows', 'unary', 'binary', 'binaryScalar', 'activation', 'biasActivation', 'activationBackward', 'sgd', 'momentum', 'adam'] as const;
export type SplittableKernel = (typeof SPLITTABLE)[number];

/** The module file for shared (threads) or plain memory, beside the built package: dist/wasm/. */
function moduleUrl(shared: boolean): URL {
  // From src/ (tests) and from dist/ (the built package) alike, ../dist/wasm/ is the build output.
  // Two literal `new URL(…, import.meta.url)` expressions, not one with a ternary inside: bundlers
  // (Vite, webpack, Rollup) copy the file and rewrite the URL only for a literal path.
  return shared ? new URL('../dist/wasm/kernels-shared.wasm', import.meta.url) : new URL('../dist/wasm/kernels.wasm', import.meta.url);
}

type FsModule = typeof import('node:fs');
type UrlModule = typeof import('node:url');

function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  return proc.getBuiltinModule(id) as T | undefined;
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/**
 * Compiles the kernels once per process (or page). Reads the file in Node, fetches it in a
 * browser. Throws a BackpropError saying how to build it when it is missing.
 */
export function loadKernelModule(shared: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(shared);
  if (module === undefined) {
    module = compileFrom(moduleUrl(shared));
    compiled.set(shared, module);
    module.catch(() => compiled.delete(shared));
  }
  return module;
}

async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  let bytes: BufferSource;
  try {
    const fs = url.protocol === 'file:' ? nodeBuiltin<FsModule>('node:fs') : undefined;
    const urls = nodeBuiltin<UrlModule>('node:url');
    if (fs !== undefined && urls !== undefined) {
      bytes = fs.readFileSync(urls.fileURLToPath(url));
    } else {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
      bytes = await response.arrayBuffer();
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BackpropError('createWasmBackend', `cannot read the WebAssembly kernels at ${url.href} (${why}); build them with \`pnpm --filter @backprop/backend-wasm build\``);
  }
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BackpropError('createWasmBackend', `this runtime cannot compile the WebAssembly kernels (${why}); they need WebAssembly SIMD (Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4)`);
  }
}

/** A splittable kernel as a function of its range and its other arguments. */
export type RangeKernel = (start: number, end: number, ...args: number[]) => void;

export function rangeKernel(kernels: Kernels, name: SplittableKernel): RangeKernel {
  return kernels[name];
}
