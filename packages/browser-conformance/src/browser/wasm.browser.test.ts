// backend-wasm in Chromium, both modes, with the Node suite and tolerances. The page is
// cross-origin isolated (vitest.config.ts sends COOP/COEP), so 'threads' runs on Web Workers
// over shared memory; expectEngine fails the suite if it quietly ran on one thread.
import { createWasmBackend } from '@backprop/backend-wasm';
import { runConformance } from '@backprop/conformance';
import { chromiumReport } from '../support/report-path.js';

for (const mode of ['threads', 'single'] as const) {
  runConformance({
    name: `chromium wasm ${mode}`,
    create: () => createWasmBackend({ mode, threads: 2 }),
    expectEngine: mode,
    reportFile: chromiumReport(`wasm ${mode}`),
  });
}
