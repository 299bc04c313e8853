/**
 * Every backend the demo knows, one line each, and the one way to start one.
 *
 * Packages are loaded with a dynamic import of a name held in a variable, on purpose: a backend
 * that is not installed, not built, or still missing its factory must be reported (with the
 * reason and a fix) rather than stop the CLI from starting, and the demo must type-check while
 * a backend package is still being written. The factory's result is checked at run time.
 */
import type { Backend } from '@backprop/core';
import { suggestFix } from './backend-fixes.js';

export interface BackendEntry {
  /** The name users type: `--backend js`. */
  readonly name: string;
  readonly packageName: string;
  /** The factory the package exports; called as `factory({ [option]: variant })`, sync or async. */
  readonly factory: string;
  /** The factory option that picks a variant, also the CLI flag: `--precision`, `--mode`, `--engine`. */
  readonly option: string;
  /** Concrete variants, best known first; `bench` and `doctor` try each. */
  readonly variants: readonly string[];
  /** What to pass when the user names no variant ('auto' lets the backend pick). */
  readonly defaultVariant: string;
}

// Adding a backend is one line here.
export const BACKENDS: readonly BackendEntry[] = [
  { name: 'js', packageName: '@backprop/backend-js', factory: 'createJsBackend', option: 'precision', variants: ['float32', 'float64'], defaultVariant: 'float32' },
  { name: 'gpujs', packageName: '@backprop/backend-gpujs', factory: 'createGpujsBackend', option: 'mode', variants: ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'], defaultVariant: 'auto' },
  { name: 'tfjs', packageName: '@backprop/backend-tfjs', factory: 'createTfjsBackend', option: 'engine', variants: ['tensorflow', 'wasm', 'cpu'], defaultVariant: 'auto' },
  { name: 'wasm', packageName: '@backprop/backend-wasm', factory: 'createWasmBackend', option: 'mode', variants: ['threads', 'single'], defaultVariant: 'auto' },
];

/** The baseline every speed is compared to. */
export const BASELINE_BACKEND = 'js';

/** One backend with one variant, e.g. gpujs in mode cpu. */
export interface BackendChoice {
  readonly backend: string;
  readonly variant: string;
}

export function choiceLabel(c: BackendChoice): string {
  return `${c.backend}/${c.variant}`;
}

/** The backend cannot start here; `reason` says why and `fix` what to do about it. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly choice: BackendChoice,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`backend ${choiceLabel(choice)} is not available here: ${reason}`);
  }
}

export function findBackendEntry(name: string): BackendEntry | undefined {
  return BACKENDS.find((b) => b.name === name);
}

/** Every concrete backend × variant the registry lists. */
export function allChoices(): BackendChoice[] {
  return BACKENDS.flatMap((b) => b.variants.map((variant) => ({ backend: b.name, variant })));
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n')[0] ?? text;
  return first.length > 600 ? first.slice(0, 600) + '…' : first;
}

function isBackend(value: unknown): value is Backend {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Partial<Record<keyof Backend, unknown>>;
  return typeof b.info === 'object' && b.info !== null && typeof b.fromArray === 'function' && typeof b.matmul === 'function' && typeof b.liveHandles === 'function';
}

async function importPackage(entry: BackendEntry, choice: BackendChoice): Promise<Record<string, unknown>> {
  try {
    return (await import(entry.packageName)) as Record<string, unknown>;
  } catch (error) {
    const reason = `package ${entry.packageName} failed to load (${messageOf(error)})`;
    throw new BackendUnavailableError(choice, reason, suggestFix(reason, entry));
  }
}

/**
 * Starts a backend. Throws BackendUnavailableError, with the reason and a fix, when the package
 * is missing, has no factory yet, or its factory refuses this machine.
 */
export async function createBackend(choice: BackendChoice): Promise<Backend> {
  const entry = findBackendEntry(choice.backend);
  if (!entry) {
    const reason = `unknown backend '${choice.backend}'`;
    throw new BackendUnavailableError(choice, reason, `choose one of ${BACKENDS.map((b) => b.name).join(', ')}`);
  }
  const module = await importPackage(entry, choice);
  const factory = module[entry.factory];
  if (typeof factory !== 'function') {
    const reason = `package ${entry.packageName} does not export ${entry.factory}() (it may still be in development)`;
    throw new BackendUnavailableError(choice, reason, suggestFix(reason, entry));
  }
  let backend: unknown;
  try {
    backend = await (factory as (options: Record<string, string>) => unknown)({ [entry.option]: choice.variant });
  } catch (error) {
    const reason = messageOf(error);
    throw new BackendUnavailableError(choice, reason, suggestFix(reason, entry));
  }
  if (!isBackend(backend)) {
    const reason = `${entry.factory}() returned something that is not a Backend (no info, fromArray, matmul or liveHandles)`;
    throw new BackendUnavailableError(choice, reason, suggestFix(reason, entry));
  }
  return backend;
}

/** Releases what a backend holds; a backend without close() has nothing to release. */
export function closeBackend(backend: Backend): void {
  backend.close?.();
}
