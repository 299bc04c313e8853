/**
 * The backend variants the browser bench runs, by label (`backend/engine`). Each creates a fresh
 * backend; the bench runs them one after another, so tfjs's one current engine per page is fine.
 */
import type { Backend } from '@backprop/core';
import { createJsBackend } from '@backprop/backend-js';
import { createGpujsBackend } from '@backprop/backend-gpujs';
import { createTfjsBackend } from '@backprop/backend-tfjs';
import { createWasmBackend } from '@backprop/backend-wasm';
import { TFJS_WASM_PATHS } from '../support/tfjs-wasm-paths.js';

export const BROWSER_VARIANTS: Readonly<Record<string, () => Backend | Promise<Backend>>> = {
  'js/float32': () => createJsBackend({ precision: 'float32' }),
  'gpujs/webgl2': () => createGpujsBackend({ mode: 'webgl2' }),
  'gpujs/webgl': () => createGpujsBackend({ mode: 'webgl' }),
  'tfjs/webgpu': () => createTfjsBackend({ engine: 'webgpu' }),
  'tfjs/webgl': () => createTfjsBackend({ engine: 'webgl' }),
  'tfjs/wasm': () => createTfjsBackend({ engine: 'wasm', wasmPaths: TFJS_WASM_PATHS }),
  'tfjs/cpu': () => createTfjsBackend({ engine: 'cpu' }),
  'wasm/threads': () => createWasmBackend({ mode: 'threads' }),
  'wasm/single': () => createWasmBackend({ mode: 'single' }),
};
