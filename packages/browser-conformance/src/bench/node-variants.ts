/**
 * The Node side of the browser bench: the same workloads on the Node variants that run here, so
 * that the table shows browser and Node figures side by side from one run on one machine.
 */
import type { Backend } from '@backprop/core';
import { createJsBackend } from '@backprop/backend-js';
import { createGpujsBackend } from '@backprop/backend-gpujs';
import { createTfjsBackend, loadNativeEngine } from '@backprop/backend-tfjs';
import { createWasmBackend } from '@backprop/backend-wasm';

export const NODE_VARIANTS: Readonly<Record<string, () => Backend | Promise<Backend>>> = {
  'js/float32': () => createJsBackend({ precision: 'float32' }),
  'gpujs/headlessgl': () => createGpujsBackend({ mode: 'headlessgl' }),
  'tfjs/tensorflow': () => createTfjsBackend({ engine: 'tensorflow' }),
  'tfjs/wasm': () => createTfjsBackend({ engine: 'wasm' }),
  'wasm/threads': () => createWasmBackend({ mode: 'threads' }),
};

/** The Node variants worth running here: headless GL only with an X display, tensorflow only where tfjs-node loads. */
export function nodeVariantsHere(): string[] {
  return Object.keys(NODE_VARIANTS).filter(
    (v) => (v !== 'gpujs/headlessgl' || Boolean(process.env.DISPLAY)) && (v !== 'tfjs/tensorflow' || loadNativeEngine().loaded),
  );
}
