/**
 * The package's entry point: start a tfjs engine and get a Backend running on it.
 */
import { startEngine, type EngineOptions, type TfjsEngineChoice } from './engines.js';
import { TfjsBackend } from './tfjs-backend.js';

export interface TfjsBackendOptions extends EngineOptions {
  /**
   * Which tfjs engine to run on. 'auto' (the default) takes, in Node, native TensorFlow when
   * `@tensorflow/tfjs-node` loads, else WebAssembly, else tfjs's plain-JS cpu engine; in a
   * browser WebGPU, else WebGL, else WebAssembly, else cpu. `info.limits` says why it passed
   * over the engines before the one it took.
   * Asking for 'tensorflow' where tfjs-node cannot load throws, saying how to install it.
   */
  readonly engine?: TfjsEngineChoice;
}

/**
 * Starts the engine (async: the wasm engine compiles its module first) and returns a Backend on
 * it. `backend.info.engine` is the engine really in use.
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const { engine, passedOver } = await startEngine(options.engine ?? 'auto', options);
  return new TfjsBackend(engine, passedOver);
}
