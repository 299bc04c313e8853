// backend-webgpu beside tfjs's webgpu and webgl engines in Chromium, on the same (SwiftShader)
// adapter, rounds interleaved (A B C, A B C, …) so that a busy machine's drift falls on every
// variant alike; prints each variant's median samples/s and the ratios the package README quotes.
//
//   node bench/chromium-interleaved.mjs [workload: mnist-like] [rounds: 5] [variants: webgpu/software,tfjs/webgpu,tfjs/webgl]
//
// It drives the page that browser-conformance's bench builds (its src/bench/page, a Vite production
// bundle of the sources, served from 127.0.0.1 with its isolation headers) in Debian's Chromium
// through Playwright, both resolved from that package, and calls the page's runBench with one
// variant and one timed run at a time (each call starts the backend and warms it up untimed).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const browserConformance = fileURLToPath(new URL('../../browser-conformance/', import.meta.url));
const require = createRequire(join(browserConformance, 'package.json'));
const { build, createServer, preview } = await import(pathToFileURL(require.resolve('vite')).href);
const playwright = await import(pathToFileURL(require.resolve('playwright')).href);
const chromium = playwright.chromium ?? playwright.default.chromium;

const workload = process.argv[2] ?? 'mnist-like';
const rounds = Number(process.argv[3] ?? 5);
const variants = (process.argv[4] ?? 'webgpu/software,tfjs/webgpu,tfjs/webgl').split(',');
const root = join(browserConformance, 'src/bench/page');
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const loader = await createServer({ root, configFile: false, logLevel: 'warn', server: { middlewareMode: true, hmr: false } });
const support = await loader.ssrLoadModule(join(browserConformance, 'src/support/chromium.ts'));
support.assertChromium();
const outDir = mkdtempSync(join(tmpdir(), 'backprop-webgpu-bench-'));
await build({ root, configFile: false, logLevel: 'warn', resolve: { conditions: ['source', 'module', 'browser', 'production'] }, build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 20_000 } });
const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, headers: { ...support.ISOLATION_HEADERS } } });
const browser = await chromium.launch({ executablePath: support.CHROMIUM_PATH, args: [...support.CHROMIUM_ARGS] });
const rates = Object.fromEntries(variants.map((v) => [v, []]));
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`  [chromium error] ${e.message}`));
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  console.log(`Chromium ${browser.version()}, ${workload}, ${rounds} interleaved rounds (512 samples an epoch); load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (let r = 0; r < rounds; r++) {
    for (const variant of variants) {
      const outcome = await page.evaluate((request) => globalThis.backpropBench.runBench(request), { variants: [variant], workloads: [workload], runs: 1, maxSamples: 512 });
      if (outcome.skipped.length > 0) throw new Error(`${variant}: ${outcome.skipped[0].reason}`);
      rates[variant].push(outcome.results[0].samplesPerSecond);
    }
    console.log(`round ${r + 1}: ${variants.map((v) => `${v} ${Math.round(rates[v].at(-1))}`).join('   ')}`);
  }
} finally {
  await browser.close();
  await server.close();
  await loader.close();
  rmSync(outDir, { recursive: true, force: true });
}
const [first, ...others] = variants;
console.log(`median samples/s: ${variants.map((v) => `${v} ${Math.round(median(rates[v])).toLocaleString('en-US')}`).join('   ')}`);
for (const other of others) {
  const perRound = rates[first].map((x, i) => x / rates[other][i]);
  console.log(`${first} / ${other}: ${(median(rates[first]) / median(rates[other])).toFixed(2)}× (ratio of medians); per round ${perRound.map((x) => x.toFixed(2)).join(', ')}; median ${median(perRound).toFixed(2)}×`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
