/**
 * The demo's view of the one backend registry (`@backprop/backends`): the same names and
 * signatures the CLI's commands have always used, with the CLI's own part added, a fix for each
 * reason a backend cannot start (backend-fixes.ts). Adding a backend happens in the registry,
 * never here.
 */
import {
  BACKENDS as REGISTRY,
  BASELINE,
  BackendUnavailableError as RegistryUnavailableError,
  choiceLabel,
  choices,
  findBackend,
  startBackend,
  type BackendChoice,
  type ComputesOn,
  type Platform,
} from '@backprop/backends';
import type { Backend } from '@backprop/core';
import { suggestFix } from './backend-fixes.js';

export { choiceLabel, type BackendChoice };

export interface BackendEntry {
  /** The name users type: `--backend js`. */
  readonly name: string;
  readonly packageName: string;
  /** The factory the package exports; called as `factory({ [option]: variant })`, sync or async. */
  readonly factory: string;
  /** The factory option that picks a variant, also the CLI flag: `--precision`, `--mode`, `--engine`. */
  readonly option: string;
  /** Every concrete variant, Node's and browsers' (a browser-only one is reported as such), best known first. */
  readonly variants: readonly string[];
  /** What to pass when the user names no variant ('auto' lets the backend pick). */
  readonly defaultVariant: string;
}

export const BACKENDS: readonly BackendEntry[] = REGISTRY.map((b) => ({
  name: b.name,
  packageName: b.packageName,
  factory: b.factory,
  option: b.option,
  variants: b.variants.map((v) => v.name),
  defaultVariant: b.defaultVariant,
}));

/** The baseline every speed is compared to. */
export const BASELINE_BACKEND = BASELINE.backend;

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

/**
 * Every concrete backend × variant the registry lists for `platform` (default: the ones Node
 * runs; 'any' adds the browser-only ones, which doctor reports without starting them).
 */
export function allChoices(platform: Platform | 'any' = 'node'): BackendChoice[] {
  return choices(platform === 'any' ? {} : { platform });
}

const API_NAMES: Readonly<Record<ComputesOn, string>> = { cpu: 'the CPU', 'headless-gl': 'headless GL', webgl: 'WebGL', webgpu: 'WebGPU' };

/** Why `choice` cannot run in this process without trying, or undefined when it may: a variant that runs in browsers only. */
export function notInNode(choice: BackendChoice): string | undefined {
  const variant = findBackend(choice.backend)?.variants.find((v) => v.name === choice.variant);
  if (!variant || variant.platforms.includes('node')) return undefined;
  return `${choiceLabel(choice)} runs in browsers only${variant.computesOn === 'cpu' ? '' : ` (it computes through ${API_NAMES[variant.computesOn]})`}`;
}

/**
 * Starts a backend. Throws BackendUnavailableError, with the reason and a fix, when the package
 * is missing, has no factory yet, or its factory refuses this machine.
 */
export async function createBackend(choice: BackendChoice): Promise<Backend> {
  const browserOnly = notInNode(choice);
  if (browserOnly !== undefined) {
    const entry = findBackend(choice.backend)!;
    const here = entry.variants.filter((v) => v.platforms.includes('node')).map((v) => v.name);
    throw new BackendUnavailableError(choice, browserOnly, `in Node use --${entry.option} ${here.join(', ')}; the playground (\`pnpm playground\`) runs ${choiceLabel(choice)} in your browser`);
  }
  try {
    return await startBackend(choice);
  } catch (error) {
    if (!(error instanceof RegistryUnavailableError)) throw error;
    const entry = findBackendEntry(choice.backend);
    const fix = entry ? suggestFix(error.reason, entry) : `choose one of ${BACKENDS.map((b) => b.name).join(', ')}`;
    throw new BackendUnavailableError(choice, error.reason, fix);
  }
}

/** Releases what a backend holds; a backend without close() has nothing to release. */
export function closeBackend(backend: Backend): void {
  backend.close?.();
}
