// The browser bench: the four standard training workloads on every browser variant in Chromium
// (Debian's, driven by Playwright), printed in one table beside the Node figures of the same run,
// in `backprop bench`'s format. With --matmul, also tfjs's matmul strategy per browser engine.
//
//   pnpm --filter @backprop/browser-conformance bench [--workloads seed,xor] [--variants tfjs/webgl,js/float32]
//        [--node-variants js/float32] [--runs 3] [--max-samples 512] [--matmul] [--matmul-sizes 256,512]
//
// The page is a Vite production build (minified, as a deployed app runs) of the TypeScript
// sources (`source` condition), served from 127.0.0.1 with COOP/COEP headers: a secure context
// (WebGPU) that is cross-origin isolated (Web Workers for backend-js). Node's rows run in this
// process, through Vite's SSR loader, before Chromium starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, createServer, preview } from 'vite';

const root = fileURLToPath(new URL('../src/bench/page', import.meta.url));
const nodeSide = fileURLToPath(new URL('../src/bench/node-side.ts', import.meta.url));

const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'seed,xor,mnist-like,wide' },
    variants: { type: 'string' },
    'node-variants': { type: 'string' },
    runs: { type: 'string', default: '3' },
    'max-samples': { type: 'string' },
    matmul: { type: 'boolean', default: false },
    'matmul-sizes': { type: 'string', default: '256,512' },
  },
});
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const workloads = list(values.workloads);
const runs = Number(values.runs);
const maxSamples = values['max-samples'] === undefined ? undefined : Number(values['max-samples']);

// Node side: a Vite server used only as a TypeScript loader (no page is served from it).
const loader = await createServer({
  root,
  configFile: false,
  logLevel: 'warn',
  server: { middlewareMode: true, hmr: false },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'production'] } },
});
const side = await loader.ssrLoadModule(nodeSide);
side.assertChromium();

const outDir = mkdtempSync(join(tmpdir(), 'backprop-bench-'));
await build({ root, configFile: false, logLevel: 'warn', resolve: { conditions: ['source', 'module', 'browser', 'production'] }, build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 20_000 } });
const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, headers: { ...side.ISOLATION_HEADERS } } });
const url = server.resolvedUrls.local[0];

const nodeVariants = values['node-variants'] ? list(values['node-variants']) : [...side.NODE_VARIANTS];
const browserVariants = values.variants ? list(values.variants) : [...side.BROWSER_VARIANTS];
const started = Date.now();

console.error(`Node: ${nodeVariants.join(', ')} on ${workloads.join(', ')} (${runs} timed runs each${maxSamples ? `, at most ${maxSamples} samples per epoch` : ''})`);
const node = await side.runNodeBench({ variants: nodeVariants, workloads, runs, maxSamples });

const browser = await chromium.launch({ executablePath: side.CHROMIUM_PATH, args: [...side.CHROMIUM_ARGS] });
let chromiumOutcome;
let matmulFigures = [];
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(`  [chromium] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`  [chromium error] ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  const isolated = await page.evaluate(() => globalThis.backpropBench.crossOriginIsolated());
  console.error(`Chromium ${browser.version()} (cross-origin isolated: ${isolated}): ${browserVariants.join(', ')}`);
  chromiumOutcome = await page.evaluate((request) => globalThis.backpropBench.runBench(request), { variants: browserVariants, workloads, runs, maxSamples });
  if (values.matmul) {
    const request = { engines: ['webgpu', 'webgl', 'wasm'], sizes: list(values['matmul-sizes']).map(Number) };
    matmulFigures = await page.evaluate((r) => globalThis.backpropBench.runMatmul(r), request);
  }
} finally {
  await browser.close();
  await server.close();
  await loader.close();
  rmSync(outDir, { recursive: true, force: true });
}

const results = [...node.results, ...chromiumOutcome.results];
// Rows grouped by workload, Node first, as `backprop bench` groups them.
results.sort((a, b) => workloads.indexOf(a.workload) - workloads.indexOf(b.workload));
console.log(side.formatTrainingTable(results, 'js/float32 (node)'));
for (const s of [...node.skipped.map((s) => ({ ...s, where: 'node' })), ...chromiumOutcome.skipped.map((s) => ({ ...s, where: 'chromium' }))]) {
  console.log(`skipped ${s.variant} (${s.where}): ${s.reason}`);
}
if (matmulFigures.length > 0) console.log('\n' + side.formatMatmulTable(matmulFigures));
console.error(`${Math.round((Date.now() - started) / 1000)} s in all`);
