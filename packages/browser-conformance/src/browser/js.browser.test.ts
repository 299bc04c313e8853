// backend-js in Chromium, both precisions, with the Node suite and tolerances. The page is
// cross-origin isolated (vitest.config.ts sends COOP/COEP), so big matmuls may use Web Workers.
import { createJsBackend } from '@backprop/backend-js';
import { runConformance } from '@backprop/conformance';
import { chromiumReport } from '../support/report-path.js';

for (const precision of ['float32', 'float64'] as const) {
  runConformance({
    name: `chromium js ${precision}`,
    create: () => createJsBackend({ precision }),
    expectEngine: precision,
    reportFile: chromiumReport(`js ${precision}`),
  });
}
