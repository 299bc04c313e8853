/**
 * The tfjs engines in a browser: WebGPU, WebGL, WebAssembly and plain JS. The side-effect imports
 * register the two GPU engines with tfjs-core (wasm and cpu are registered by engines.ts on every
 * platform). Native TensorFlow (tfjs-node) is a Node addon and does not exist here.
 */
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import type { TfjsEngine } from '../engines.js';

export const PLATFORM = 'browser';

/** The order `auto` tries, best first: the GPU engines, then WebAssembly, then plain JS. */
export const AUTO_ORDER: readonly TfjsEngine[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function requireTfjsNode(): void {
  throw new Error("@tensorflow/tfjs-node is a Node addon; in a browser use engine 'webgpu', 'webgl', 'wasm' or 'cpu'");
}
