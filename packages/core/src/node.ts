/**
 * File helpers for Node (`@backprop/core/node`): saving is atomic (write a temporary file beside
 * the target, flush it to disk, then rename over the target), so a crash or a full disk never
 * leaves a half-written model where a good one was.
 */
import { promises as fs } from 'node:fs';
import type { Backend } from './backend.js';
import { BackpropError, ModelFormatError } from './errors.js';
import { parseModel, modelToJSON, type SaveOptions } from './model-format.js';
import type { Network } from './network.js';
import { backendShapeProblems, Ops as OpsClass, type Ops } from './ops.js';
import type { OptimizerState } from './optimizers.js';
import { writeTextAtomic } from './checkpoint/file-store.js';

export { readCheckpointMeta } from './checkpoint/checkpointer.js';

/** Writes `text` (UTF-8) or bytes to `path` atomically (a temporary file beside it, fsync, rename). */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  await writeTextAtomic(path, text);
}

/** Saves the model as JSON at `path`, atomically; `options.includeOptimizer` saves an optimizer state with it. */
export async function saveModel(network: Network, path: string, meta?: Record<string, unknown>, options?: SaveOptions): Promise<void> {
  await writeFileAtomic(path, await modelToJSON(network, meta, options));
}

/** Reads and validates a saved model and builds it on `backend`. */
export async function loadModel(path: string, backend: Backend | Ops): Promise<Network> {
  return (await readModel(path, backend)).network;
}

/** Like loadModel, also returning the `meta` saved with the model (what saveModel's `meta` argument held) and its optimizer state, if saved with one. */
export async function readModel(path: string, backend: Backend | Ops): Promise<{ network: Network; meta: Record<string, unknown>; optimizer?: OptimizerState }> {
  // A caller's mistake (a backend name instead of a backend) is named before the file is read.
  const problems = backend instanceof OpsClass ? [] : backendShapeProblems(backend);
  if (problems.length > 0) throw new BackpropError('loadModel', `the second argument must be a Backend (e.g. createJsBackend()): ${problems.join('; ')}`);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new ModelFormatError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseModel(text, backend);
}
