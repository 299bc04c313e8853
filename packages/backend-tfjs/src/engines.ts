/**
 * Choosing and starting a TensorFlow.js engine.
 *
 * tfjs keeps its engines in one process-wide registry and runs every op on the "current" one
 * (`tf.setBackend`). This module loads the engines, starts the one asked for and reports which
 * one really runs; `TfjsBackend` then makes its engine current before each of its operations.
 */
import * as tf from '@tensorflow/tfjs-core';
// Side-effect imports: each registers its engine with tfjs-core under 'cpu' and 'wasm'.
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackpropError } from '@backprop/core';
// Node or browser (package.json `imports`): how tfjs-node loads, which engines exist, auto's order.
import { AUTO_ORDER, PLATFORM, requireTfjsNode } from '#tfjs-platform';

/**
 * The tfjs engines this backend runs on: native TensorFlow (tfjs-node, Node only), WebGPU and
 * WebGL (browsers only), WebAssembly and plain JS (everywhere).
 */
export type TfjsEngine = 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type TfjsEngineChoice = TfjsEngine | 'auto';
export const TFJS_ENGINES: readonly TfjsEngine[] = ['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'];
/** The engines `auto` tries here, best first: tensorflow, wasm, cpu in Node; webgpu, webgl, wasm, cpu in a browser. */
export const TFJS_AUTO_ORDER: readonly TfjsEngine[] = AUTO_ORDER;

export const NATIVE_INSTALL_HINT =
  'install it with `npm install @tensorflow/tfjs-node@4.22.0` on a machine that can download ' +
  'libtensorflow (its install script downloads it); where only PyPI is reachable, build its addon ' +
  "from a TensorFlow wheel with `bash scripts/tfjs-node-offline.sh` (backprop repository; see the backend-tfjs README); or choose " +
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
    requireTfjsNode();
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
   * Where the wasm engine finds its `.wasm` files, for bundlers and browsers: a URL prefix ending
   * in '/', or a map from file name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm`) to its URL, as tfjs's `setWasmPaths` takes. Not
   * needed in Node, where tfjs finds them beside its own code in node_modules.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /**
   * Let the wasm engine run its threaded build where it could (a cross-origin isolated page).
   * Default false: tfjs starts those threads from its factory's `toString()`, which a minifying
   * bundler breaks (the workers die with "e is not defined" and the engine never starts; seen
   * with Vite's production build). Set true only where tfjs-backend-wasm ships unminified.
   * Node's wasm engine is single-threaded either way.
   */
  readonly wasmThreads?: boolean;
}

/** The engine that started, and why `auto` passed over the engines before it (empty otherwise). */
export interface StartedEngine {
  readonly engine: TfjsEngine;
  readonly passedOver: readonly string[];
}

/**
 * Starts the engine asked for and makes it current. `auto` takes the first engine of
 * TFJS_AUTO_ORDER that starts (Node: tensorflow, wasm, cpu; browser: webgpu, webgl, wasm, cpu)
 * and says why it passed over the others. The engine returned is the one really in use,
 * checked with `tf.getBackend()`.
 */
export async function startEngine(choice: TfjsEngineChoice, options: EngineOptions = {}): Promise<StartedEngine> {
  if (choice === 'auto') {
    const failures: string[] = [];
    for (const engine of AUTO_ORDER) {
      try {
        return { engine: await startOne(engine, options), passedOver: failures };
      } catch (error) {
        failures.push(`auto passed over '${engine}': ${error instanceof Error ? error.message : String(error)}`);
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
  return { engine: await startOne(choice, options), passedOver: [] };
}

/** Why an engine tfjs never registered on this platform cannot start, in words a user can act on. */
function unregisteredReason(engine: TfjsEngine): string {
  if (PLATFORM === 'node') {
    return `engine '${engine}' runs only in browsers (tfjs's ${engine} engine needs a browser's ${engine === 'webgpu' ? 'navigator.gpu' : 'canvas'}); in Node use tensorflow, wasm or cpu`;
  }
  return engine === 'webgpu'
    ? "this browser offers no WebGPU (navigator.gpu is missing): it needs a secure context (https or localhost) and a browser with WebGPU on (headless Chromium: --enable-unsafe-webgpu)"
    : `tfjs registered no '${engine}' engine in this browser`;
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
  if (tf.findBackendFactory(engine) === null) throw new BackpropError('createTfjsBackend', unregisteredReason(engine));
  if (engine === 'wasm' && options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  // Read by tfjs when the wasm engine first starts (see EngineOptions.wasmThreads).
  if (engine === 'wasm' && options.wasmThreads !== true) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
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
  if (engine === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new BackpropError(
      'createTfjsBackend',
      "the tfjs 'webgl' engine started, but this WebGL cannot render to float32 textures: tfjs would compute in float16, below this backend's float32 contract",
    );
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
