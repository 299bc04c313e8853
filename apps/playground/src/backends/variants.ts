/**
 * Every backend variant a browser runs, from the one backend registry (`@backprop/backends`),
 * and how to start each one here. Each package is imported only when one of its variants is
 * started (the registry's import is split into its own chunk), so a page that never uses tfjs
 * never downloads it. Adding a backend happens in the registry, not here.
 */
import { BackendUnavailableError, choiceLabel, choices, startBackend, type BackendChoice } from '@backprop/backends';
import type { Backend } from '@backprop/core';

export interface Variant {
  /** 'js/float32': backend / variant, as the CLI names them. */
  readonly id: string;
  readonly backend: string;
  readonly variant: string;
  /** Starts the backend; throws, with the reason, where this browser cannot run it. */
  readonly create: () => Promise<Backend>;
}

/**
 * Factory options a bundled page must add for some backends: tfjs cannot find its wasm binaries
 * beside its own script in a bundle, so the page says where Vite put them.
 */
const EXTRA_OPTIONS: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  tfjs: async () => ({ wasmPaths: (await import('./tfjs-wasm-paths.js')).TFJS_WASM_PATHS }),
};

async function create(choice: BackendChoice): Promise<Backend> {
  const extra = (await EXTRA_OPTIONS[choice.backend]?.()) ?? {};
  try {
    return await startBackend(choice, extra);
  } catch (error) {
    // The registry's reason is the backend's own words; the page shows them without the prefix.
    throw error instanceof BackendUnavailableError ? new Error(error.reason, { cause: error }) : error;
  }
}

// Best first within each package, as the CLI's doctor lists them.
export const VARIANTS: readonly Variant[] = choices({ platform: 'browser' }).map((c) => ({ id: choiceLabel(c), backend: c.backend, variant: c.variant, create: () => create(c) }));

export function findVariant(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
