/**
 * Every backend variant the playground knows, and how to start each one in a browser.
 *
 * Each package is imported only when one of its variants is started (a dynamic import), so a
 * page that never uses tfjs never downloads it. Adding a backend is one entry here.
 */
import type { Backend } from '@backprop/core';

export interface Variant {
  /** 'js/float32': package short name / variant, as the CLI names them. */
  readonly id: string;
  readonly backend: string;
  readonly variant: string;
  /** Starts the backend; throws, with the reason, where this browser cannot run it. */
  readonly create: () => Promise<Backend>;
}

function variant(backend: string, name: string, create: () => Promise<Backend>): Variant {
  return { id: `${backend}/${name}`, backend, variant: name, create };
}

const js = (precision: 'float32' | 'float64') => async (): Promise<Backend> => {
  const { createJsBackend } = await import('@backprop/backend-js');
  return createJsBackend({ precision });
};

const gpujs = (mode: 'webgl2' | 'webgl' | 'cpu') => async (): Promise<Backend> => {
  const { createGpujsBackend } = await import('@backprop/backend-gpujs');
  return createGpujsBackend({ mode });
};

const tfjs = (engine: 'webgpu' | 'webgl' | 'wasm' | 'cpu') => async (): Promise<Backend> => {
  const [{ createTfjsBackend }, { TFJS_WASM_PATHS }] = await Promise.all([import('@backprop/backend-tfjs'), import('./tfjs-wasm-paths.js')]);
  return createTfjsBackend({ engine, wasmPaths: TFJS_WASM_PATHS });
};

const wasm = (mode: 'threads' | 'single') => async (): Promise<Backend> => {
  const { createWasmBackend } = await import('@backprop/backend-wasm');
  return createWasmBackend({ mode });
};

// Best first within each package, as the CLI's doctor lists them. gpu.js's headlessgl and
// webasm modes and tfjs's tensorflow engine are Node's: a browser has WebGL, WebGPU and wasm instead.
export const VARIANTS: readonly Variant[] = [
  variant('js', 'float32', js('float32')),
  variant('js', 'float64', js('float64')),
  variant('gpujs', 'webgl2', gpujs('webgl2')),
  variant('gpujs', 'webgl', gpujs('webgl')),
  variant('gpujs', 'cpu', gpujs('cpu')),
  variant('tfjs', 'webgpu', tfjs('webgpu')),
  variant('tfjs', 'webgl', tfjs('webgl')),
  variant('tfjs', 'wasm', tfjs('wasm')),
  variant('tfjs', 'cpu', tfjs('cpu')),
  variant('wasm', 'threads', wasm('threads')),
  variant('wasm', 'single', wasm('single')),
];

export function findVariant(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
