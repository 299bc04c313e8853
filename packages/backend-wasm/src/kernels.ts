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
  /** Z += bias for rows [start, end): the dense layer of an identity activation. */
  readonly addBias: (start: number, end: number, cols: number, z: number, bias: number) => number;
}

/**
 * A kernel printed from one of core's programs (assembly/generated/programs.ts, by the build):
 * (start, end, cols, inputs' pointers, element outputs' pointers, params) over rows
 * [start, end) → Σ of its 'batchMean' output's elements (0 when it has none).
 */
export type ProgramKernel = (start: number, end: number, cols: number, ...args: number[]) => number;

/** The export of a program's kernel: its key with '.' spelled '$' (scripts/assemblyscript-programs.mjs). */
export function programExportName(key: string): string {
  return `program$${key.replaceAll('.', '$')}`;
}

/** The export of the dense-layer epilogue (Z += b, then A = f(Z)) of an activation kind. */
export function denseExportName(kind: string): string {
  return `dense$${kind}`;
}

/** The hand-written kernels that threads can split; every generated kernel can be split too. */
const HAND_WRITTEN_SPLITTABLE = ['packB', 'matmulRows', 'unary', 'binary', 'binaryScalar', 'addBias'] as const;

/**
 * The kernels threads can split, by name, in one order that every thread derives from the same
 * module: a job names one by its index in this list.
 */
export function splittableKernels(module: WebAssembly.Module): string[] {
  const generated = WebAssembly.Module.exports(module)
    .map((e) => e.name)
    .filter((name) => name.startsWith('program$') || name.startsWith('dense$'));
  return [...HAND_WRITTEN_SPLITTABLE, ...generated];
}

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
export type RangeKernel = (start: number, end: number, ...args: number[]) => unknown;

/** The export `name` of an instance, as a function (undefined when the module has none of that name). */
export function exportedKernel(kernels: Kernels, name: string): RangeKernel | undefined {
  const f = (kernels as unknown as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as RangeKernel) : undefined;
}
