// The browser side of the bench: bench/run-browser-bench.mjs opens this page in Chromium and calls
// the two functions below through Playwright.
import { BROWSER_VARIANTS } from '../variants.js';
import { runVariants } from '../run-variants.js';
import { measureTfjsMatmul } from '../tfjs-matmul.js';
import type { BenchRequest, MatmulRequest } from '../bench-types.js';

const api = {
  runBench: (request: BenchRequest) => runVariants('chromium', BROWSER_VARIANTS, request, (line) => console.log(line)),
  runMatmul: (request: MatmulRequest) => measureTfjsMatmul(request),
  crossOriginIsolated: () => globalThis.crossOriginIsolated,
};
Object.assign(globalThis, { backpropBench: api });
export type BenchApi = typeof api;
document.body.dataset['ready'] = 'true';
