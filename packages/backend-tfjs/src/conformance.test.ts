/**
 * The shared conformance suite on every tfjs engine this machine has. wasm and cpu run
 * everywhere and must pass in full; tensorflow runs where @tensorflow/tfjs-node loads and always
 * in CI (which builds its addon with scripts/tfjs-node-offline.sh, so there a missing engine fails
 * every case); elsewhere every case is skipped with the reason in its name, never passed silently.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runConformance } from '@backprop/conformance';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsEngine } from './engines.js';
import { nativeSkipReason } from './test-support/engines.js';

/** Creates the backend and proves the engine it reports is the one tfjs really runs. */
async function createOn(engine: TfjsEngine) {
  const backend = await createTfjsBackend({ engine });
  if (tf.getBackend() !== engine) throw new Error(`asked for tfjs engine '${engine}', tf.getBackend() is '${tf.getBackend()}'`);
  return backend;
}

runConformance({ name: 'tfjs wasm', create: () => createOn('wasm'), expectEngine: 'wasm' });
runConformance({ name: 'tfjs cpu', create: () => createOn('cpu'), expectEngine: 'cpu' });
runConformance({
  name: 'tfjs tensorflow',
  create: () => createOn('tensorflow'),
  expectEngine: 'tensorflow',
  ...(nativeSkipReason === null ? {} : { unavailable: `the tensorflow engine is unavailable here (${nativeSkipReason})` }),
});
