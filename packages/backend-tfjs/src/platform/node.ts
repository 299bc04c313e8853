/**
 * The tfjs engines in Node: native TensorFlow through @tensorflow/tfjs-node (CommonJS, loaded on
 * demand because its install may have failed), WebAssembly and plain JS. tfjs's WebGL and WebGPU
 * engines are not loaded here: they need a browser's canvas and navigator.gpu.
 */
import { createRequire } from 'node:module';
import type { TfjsEngine } from '../engines.js';

export const PLATFORM = 'node';

/** The order `auto` tries, best first. */
export const AUTO_ORDER: readonly TfjsEngine[] = ['tensorflow', 'wasm', 'cpu'];

/** Loads @tensorflow/tfjs-node, which registers the 'tensorflow' engine; throws what require threw. */
export function requireTfjsNode(): void {
  // libtensorflow prints info lines (oneDNN, CPU features) on stderr at load; a CLI's output and
  // --json users do not want them. Level 1 keeps warnings and errors; a value the user set wins.
  process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '1';
  createRequire(import.meta.url)('@tensorflow/tfjs-node');
}
