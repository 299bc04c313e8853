/** The engines the tests can run on here: wasm and cpu always, tensorflow where tfjs-node loads. */
import { loadNativeEngine, type TfjsEngine } from '../engines.js';

export const nativeEngine = loadNativeEngine();

export const TEST_ENGINES: readonly TfjsEngine[] = nativeEngine.loaded ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];

/** Why the tensorflow engine is not tested here, for skip names; null where it is. */
export const nativeSkipReason: string | null = nativeEngine.loaded ? null : `@tensorflow/tfjs-node cannot load here: ${nativeEngine.reason}`;
