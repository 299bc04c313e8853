// The conformance suite in Chromium on every browser variant of the backend registry, with the
// Node suite and tolerances, except the backends whose own file here runs it with extra proofs
// (gpujs: the real GL context; tfjs: tf.getBackend() and its engine choice). A backend added to
// the registry with a browser variant is run here with no edit. The page is cross-origin
// isolated (vitest.config.ts sends COOP/COEP), so backend-js may use Web Workers and
// wasm/threads runs on Web Workers over shared memory; expectEngine fails a suite that quietly
// ran another engine or mode.
import { choices, findVariant, startBackend, type BackendChoice } from '@backprop/backends';
import { runConformance } from '@backprop/conformance';
import { it } from 'vitest';
import { chromiumReport } from '../support/report-path.js';

/** Backends whose browser file is their own (see the top). */
const OWN_FILE = new Set(['gpujs', 'tfjs']);

/** Factory options beside the variant: two wasm threads keep this two-core machine responsive. */
const EXTRA_OPTIONS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { wasm: { threads: 2 } };

/** Why `choice` cannot start in this Chromium, or null. Asked only of WebGPU variants: headless Chromium may offer no adapter. */
async function webgpuUnavailable(choice: BackendChoice): Promise<string | null> {
  if (findVariant(choice)?.computesOn !== 'webgpu') return null;
  try {
    (await startBackend(choice, EXTRA_OPTIONS[choice.backend])).close?.();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

for (const choice of choices({ platform: 'browser' }).filter((c) => !OWN_FILE.has(c.backend))) {
  const unavailable = await webgpuUnavailable(choice);
  const name = `chromium ${choice.backend} ${choice.variant}`;
  if (unavailable !== null) {
    // A variant this browser cannot start (webgpu/gpu where the only adapter is SwiftShader): one
    // skipped test that says why, rather than every case of the suite skipped one by one.
    it.skip(`${name}: not run here: ${unavailable}`, () => undefined);
    continue;
  }
  runConformance({
    name,
    create: () => startBackend(choice, EXTRA_OPTIONS[choice.backend]),
    expectEngine: choice.variant,
    reportFile: chromiumReport(`${choice.backend} ${choice.variant}`),
  });
}
