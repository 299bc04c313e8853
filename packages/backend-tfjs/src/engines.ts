/**
 * Choosing and starting a TensorFlow.js engine.
 *
 * tfjs keeps its engines in one process-wide registry and runs every op on the "current" one
 * (`tf.setBackend`). This module loads the engines, starts the one asked for and reports which
 * one really runs; `TfjsBackend` then makes its engine current before each of its operations.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
// Side-effect imports: each registers its engine with tfjs-core under 'cpu' and 'wasm'.
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackpropError } from '@backprop/core';

/** The tfjs engines this backend runs on: native TensorFlow (tfjs-node), WebAssembly, plain JS. */
export type TfjsEngine = 'tensorflow' | 'wasm' | 'cpu';
export type TfjsEngineChoice = TfjsEngine | 'auto';
export const TFJS_ENGINES: readonly TfjsEngine[] = ['tensorflow', 'wasm', 'cpu'];

export const NATIVE_INSTALL_HINT =
  'install it with `npm install @tensorflow/tfjs-node@4.22.0` on a machine that can download ' +
  'libtensorflow (its install script downloads it), or choose ' +
  "engine 'wasm' or 'auto'";

/** What happened when we tried to load tfjs-node: loaded, or the error that stopped it. */
type NativeLoad = { loaded: true } | { loaded: false; reason: string };

let nativeLoad: NativeLoad | undefined;

/**
 * Tries once per process to load `@tensorflow/tfjs-node`, which registers the 'tensorflow'
 * engine. The outcome is remembered: a failed load leaves half-registered kernels behind, and
 * loading again would register them twice.
 *
 * Detection is by loading, never by looking for the folder: a failed install (no internet
 * during `npm install`) leaves the folder in place with a `require` that throws.
 */
export function loadNativeEngine(): NativeLoad {
  if (nativeLoad) return nativeLoad;
  try {
    createRequire(import.meta.url)('@tensorflow/tfjs-node');
    nativeLoad = tf.findBackend('tensorflow')
      ? { loaded: true }
      : { loaded: false, reason: "@tensorflow/tfjs-node loaded but registered no 'tensorflow' engine" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.includes('tfjs_binding.node')
      ? 'its native addon tfjs_binding.node is missing (its install script could not download libtensorflow)'
      : firstLine(message);
    nativeLoad = { loaded: false, reason };
  }
  return nativeLoad;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

export interface EngineOptions {
  /**
   * Where the wasm engine finds its `.wasm` files, for bundlers and browsers (a URL prefix ending
   * in '/'). Not needed in Node, where tfjs finds them beside its own code in node_modules.
   */
  readonly wasmPaths?: string;
}

/**
 * Starts the engine asked for and makes it current. `auto` takes tensorflow when tfjs-node
 * loads, else wasm, else cpu. Returns the engine really in use, checked with `tf.getBackend()`.
 */
export async function startEngine(choice: TfjsEngineChoice, options: EngineOptions = {}): Promise<TfjsEngine> {
  if (choice === 'auto') {
    const failures: string[] = [];
    for (const engine of TFJS_ENGINES) {
      try {
        return await startOne(engine, options);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw new BackpropError('createTfjsBackend', `no tfjs engine could start: ${failures.join('; ')}`);
  }
  if (!TFJS_ENGINES.includes(choice)) {
    throw new BackpropError(
      'createTfjsBackend',
      `engine must be one of ${[...TFJS_ENGINES, 'auto'].join(', ')}, got ${JSON.stringify(choice)}`,
    );
  }
  return startOne(choice, options);
}

async function startOne(engine: TfjsEngine, options: EngineOptions): Promise<TfjsEngine> {
  if (engine === 'tensorflow') {
    const load = loadNativeEngine();
    if (!load.loaded) {
      throw new BackpropError(
        'createTfjsBackend',
        `engine 'tensorflow' needs @tensorflow/tfjs-node, which cannot load here (${load.reason}); ${NATIVE_INSTALL_HINT}`,
      );
    }
  }
  if (engine === 'wasm' && options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  let started: boolean;
  try {
    started = await tf.setBackend(engine);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BackpropError('createTfjsBackend', `the tfjs '${engine}' engine failed to start: ${firstLine(message)}`);
  }
  if (!started || tf.getBackend() !== engine) {
    throw new BackpropError('createTfjsBackend', `the tfjs '${engine}' engine failed to start (tf.getBackend() is '${tf.getBackend()}')`);
  }
  if (engine === 'cpu') silenceNativeHint();
  return engine;
}

/**
 * tfjs's cpu engine prints "install our node backend" on its first tensor in Node. Whoever runs
 * this backend on cpu chose it (or has no other engine), and the README says how to get the
 * native one, so the banner is only noise in their output. `firstUse` is the engine's own flag.
 */
function silenceNativeHint(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

/**
 * Makes `engine` tfjs's current engine again when another backend in this process switched it.
 * `tf.setBackend` on an engine that already started switches before its first await, so the
 * switch is synchronous; we check that rather than trust it.
 */
export function ensureCurrentEngine(engine: TfjsEngine): void {
  if (tf.getBackend() === engine) return;
  void tf.setBackend(engine);
  if (tf.getBackend() !== engine) {
    throw new BackpropError('tfjs', `could not switch tfjs back to the '${engine}' engine (current: '${tf.getBackend()}')`);
  }
}
