/**
 * The backend variants the browser bench runs, by label (`backend/variant`), from the one
 * backend registry: by default every variant worth timing (not a reference mode or a fallback)
 * on each side. Each run starts a fresh backend; the bench runs them one after another, so
 * tfjs's one current engine per page is fine. Loads no backend until one is started.
 */
import { BackendUnavailableError, choiceLabel, choices, parseChoice, startBackend, type Platform } from '@backprop/backends';
import type { Backend } from '@backprop/core';

/** The default variants on one side: 'node' (this process) or 'browser' (Chromium). */
export function benchVariants(platform: Platform): string[] {
  return choices({ platform, forSpeed: true }).map(choiceLabel);
}

/** Starts `label` ('tfjs/wasm'), adding the factory options a side needs for some backends (tfjs's wasm binaries in a bundle). */
export function variantStarter(extraOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {}): (label: string) => Promise<Backend> {
  return async (label) => {
    const choice = parseChoice(label);
    if (choice === undefined) throw new Error(`no such backend: '${label}' (known: ${benchVariants('node').concat(benchVariants('browser')).join(', ')})`);
    try {
      return await startBackend(choice, extraOptions[choice.backend]);
    } catch (error) {
      throw error instanceof BackendUnavailableError ? new Error(error.reason, { cause: error }) : error;
    }
  };
}
