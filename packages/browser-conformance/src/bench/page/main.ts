// The browser side of the bench: bench/run-browser-bench.mjs opens this page in Chromium and calls
// the two functions below through Playwright.
import { TFJS_WASM_PATHS } from '../../support/tfjs-wasm-paths.js';
import { runVariants } from '../run-variants.js';
import { measureTfjsMatmul } from '../tfjs-matmul.js';
import { variantStarter } from '../variants.js';
import type { BenchRequest, MatmulRequest } from '../bench-types.js';

const start = variantStarter({ tfjs: { wasmPaths: TFJS_WASM_PATHS } });

const api = {
  runBench: (request: BenchRequest) => runVariants('chromium', start, request, (line) => console.log(line)),
  runMatmul: (request: MatmulRequest) => measureTfjsMatmul(request),
  crossOriginIsolated: () => globalThis.crossOriginIsolated,
};
Object.assign(globalThis, { backpropBench: api });
export type BenchApi = typeof api;
document.body.dataset['ready'] = 'true';
