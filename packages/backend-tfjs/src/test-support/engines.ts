/**
 * The engines the tests run on: wasm and cpu always; tensorflow where tfjs-node loads, and always
 * in CI. CI builds tfjs-node's addon (scripts/setup.sh runs scripts/tfjs-node-offline.sh), so
 * there a tensorflow engine that does not load fails every one of its tests with the load error,
 * instead of skipping them.
 */
import { loadNativeEngine, type TfjsEngine } from '../engines.js';

export const nativeEngine = loadNativeEngine();

/** Under CI (CI=true or CI=1) the tensorflow engine must work: its tests fail rather than skip. */
export const nativeRequired = ['true', '1'].includes(process.env.CI ?? '');

/** Why tfjs-node did not load; null where it did. */
const loadFailure: string | null = nativeEngine.loaded ? null : nativeEngine.reason;

export const TEST_ENGINES: readonly TfjsEngine[] = loadFailure === null || nativeRequired ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];

/** Why the tensorflow engine is not tested here, for skip names; null where it is. */
export const nativeSkipReason: string | null =
  loadFailure === null || nativeRequired
    ? null
    : `@tensorflow/tfjs-node cannot load here: ${loadFailure} ` +
      '(build its addon with scripts/tfjs-node-offline.sh; with CI=true these tests fail instead of skipping)';
