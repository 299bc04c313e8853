/** Naming and picking backend variants from the registry: `js/float32`, every variant a platform runs. */
import { BACKENDS, type BackendEntry, type BackendVariant, type Platform } from './registry.js';

/** One backend with one variant, e.g. gpujs in mode cpu. */
export interface BackendChoice {
  readonly backend: string;
  readonly variant: string;
}

/** The baseline every speed is compared to, and the backend every other one is checked against. */
export const BASELINE: BackendChoice = { backend: 'js', variant: 'float32' };

/** 'gpujs/cpu'. */
export function choiceLabel(c: BackendChoice): string {
  return `${c.backend}/${c.variant}`;
}

/** Reads 'gpujs/cpu' (a name with no variant gets the entry's default variant); undefined when the backend is unknown. */
export function parseChoice(label: string): BackendChoice | undefined {
  const [backend, variant] = label.split('/', 2) as [string, string | undefined];
  const entry = findBackend(backend);
  return entry ? { backend, variant: variant ?? entry.defaultVariant } : undefined;
}

export function findBackend(name: string): BackendEntry | undefined {
  return BACKENDS.find((b) => b.name === name);
}

/** The registry's facts about one variant; undefined for an unknown one or the 'auto' default. */
export function findVariant(choice: BackendChoice): BackendVariant | undefined {
  return findBackend(choice.backend)?.variants.find((v) => v.name === choice.variant);
}

export interface ChoiceFilter {
  /** Only variants that run there. */
  readonly platform?: Platform;
  /** Leave out variants whose timing tells little (`notForSpeed`). */
  readonly forSpeed?: boolean;
  /** Leave out variants that need a native library installed apart from npm. */
  readonly portable?: boolean;
}

/** Every backend × variant the registry lists that passes the filter, in registry order. */
export function choices(filter: ChoiceFilter = {}): BackendChoice[] {
  return BACKENDS.flatMap((b) =>
    b.variants
      .filter((v) => (filter.platform === undefined || v.platforms.includes(filter.platform)) && (!filter.forSpeed || v.notForSpeed === undefined) && (!filter.portable || v.nativeLibrary === undefined))
      .map((v) => ({ backend: b.name, variant: v.name })),
  );
}

/**
 * The first (best) variant of each backend that passes the filter: one contender per backend,
 * as a comparison across backends wants (gpu-check: js/float32, gpujs/headlessgl, tfjs/wasm, wasm/threads).
 */
export function bestChoicePerBackend(filter: ChoiceFilter = {}): BackendChoice[] {
  const all = choices(filter);
  return BACKENDS.flatMap((b) => all.find((c) => c.backend === b.name) ?? []);
}
