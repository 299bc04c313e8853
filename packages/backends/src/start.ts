/**
 * The one way to start a registered backend: import its package, find its factory, call it with
 * the variant, and check that what came back is a Backend. Every failure is a
 * BackendUnavailableError with the reason, so an app can list what does not work here and why
 * instead of stopping (a package not installed or not built, a factory refusing this machine).
 */
import { backendShapeProblems, type Backend } from '@backprop/core';
import { choiceLabel, findBackend, type BackendChoice } from './choices.js';
import { BACKENDS, type BackendEntry } from './registry.js';

/** The backend cannot start here; `reason` says why (the package's own words where it gave some). */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly choice: BackendChoice,
    readonly reason: string,
    /** The registry entry, when the backend is known. */
    readonly entry: BackendEntry | undefined,
  ) {
    super(`backend ${choiceLabel(choice)} is not available here: ${reason}`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n')[0] ?? text;
  return first.length > 600 ? first.slice(0, 600) + '…' : first;
}

/**
 * Starts `choice`, passing `extraOptions` to the factory beside the variant (tfjs in a bundle
 * needs `wasmPaths`; a test may pass `threads`). Throws BackendUnavailableError, never anything else.
 */
export async function startBackend(choice: BackendChoice, extraOptions: Readonly<Record<string, unknown>> = {}): Promise<Backend> {
  const entry = findBackend(choice.backend);
  const fail = (reason: string): BackendUnavailableError => new BackendUnavailableError(choice, reason, entry);
  if (!entry) throw fail(`unknown backend '${choice.backend}': known are ${BACKENDS.map((b) => b.name).join(', ')}`);
  let module: Record<string, unknown>;
  try {
    module = (await entry.load()) as Record<string, unknown>;
  } catch (error) {
    throw fail(`package ${entry.packageName} failed to load (${firstLine(error)})`);
  }
  const factory = module[entry.factory];
  if (typeof factory !== 'function') throw fail(`package ${entry.packageName} does not export ${entry.factory}() (it may still be in development)`);
  let backend: unknown;
  try {
    backend = await (factory as (options: Record<string, unknown>) => unknown)({ ...extraOptions, [entry.option]: choice.variant });
  } catch (error) {
    throw fail(firstLine(error));
  }
  const problems = backendShapeProblems(backend);
  if (problems.length > 0) throw fail(`${entry.factory}() returned something that is not a Backend: ${problems.join('; ')}`);
  return backend as Backend;
}
