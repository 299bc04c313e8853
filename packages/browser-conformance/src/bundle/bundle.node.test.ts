/**
 * Every package loads in a browser bundle: a Vite production build of a tiny app that imports
 * core and every backend (fixture/), for the browser, with no Node polyfills. Vite only warns
 * when a browser build imports a Node built-in (it swaps in an empty stub that fails at run
 * time), so any such warning fails the test. Then the built page runs in Chromium and must
 * train one epoch on each backend.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, preview, type PreviewServer, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '@backprop/backends';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ISOLATION_HEADERS } from '../support/chromium.js';

const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'backprop-bundle-'));
const warnings: string[] = [];

describe('a Vite production build of an app importing core and every backend', () => {
  let output: Rollup.RollupOutput;

  beforeAll(async () => {
    output = (await build({
      root: fixture,
      configFile: false,
      logLevel: 'silent',
      // The packages' browser entry points: the `source` condition (read TypeScript, no build
      // needed), then what Vite uses for a browser build. No Node polyfill plugin anywhere.
      resolve: { conditions: ['source', 'module', 'browser', 'production'] },
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: {
          onLog(level, log) {
            if (level === 'warn') warnings.push(log.message);
          },
        },
      },
    })) as Rollup.RollupOutput;
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds with no Node built-in module pulled in', () => {
    expect(warnings.filter((w) => /externalized for browser compatibility|node:/.test(w))).toEqual([]);
    const chunks = output.output.filter((o) => o.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('ships the tfjs wasm binaries it was pointed at', () => {
    const assets = readdirSync(join(outDir, 'assets'));
    for (const file of ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']) {
      expect(assets.some((a) => a.startsWith(file) && a.endsWith('.wasm')), file).toBe(true);
    }
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('<script type="module"');
  });

  /** Serves the build (with or without cross-origin isolation), opens it, returns the page's lines. */
  async function runPage(isolated: boolean): Promise<string[]> {
    let server: PreviewServer | undefined;
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    try {
      server = await preview({
        root: fixture,
        configFile: false,
        logLevel: 'silent',
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, headers: isolated ? { ...ISOLATION_HEADERS } : {} },
      });
      const url = server.resolvedUrls?.local[0];
      expect(url, 'the preview server URL').toBeDefined();
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url!);
      const text = await page.locator('#result').textContent({ timeout: 90_000 });
      expect(errors).toEqual([]);
      return (text ?? '').split('\n');
    } finally {
      await server?.close();
      await browser.close();
    }
  }

  /** The page's line for `label` ('js', 'tfjs-wasm', 'js-matmul'). */
  const lineOf = (lines: readonly string[], label: string): string => lines.find((l) => l.startsWith(`${label}: `)) ?? `${label}: no line`;

  it('runs in Chromium: one XOR epoch on every backend of the registry, backend-js on Web Workers', async () => {
    const lines = await runPage(true);
    expect(lines.map((l) => l.split(':')[0])).toEqual([...BACKENDS.map((b) => b.name), 'tfjs-wasm', 'js-matmul']);
    for (const line of lines) expect(line).toMatch(/^[\w-]+: ok /);
    expect(lineOf(lines, 'js-matmul')).toMatch(/worker jobs [1-9]/);
    expect(lineOf(lines, 'wasm')).toMatch(/wasm\/threads/);
    expect(lineOf(lines, 'js')).toContain('2 threads for big matmuls: 1 Web Workers over SharedArrayBuffer');
    // A browser build must never pick Node's engines.
    expect(lineOf(lines, 'gpujs')).toMatch(/gpujs\/webgl2/);
    expect(lineOf(lines, 'tfjs')).toMatch(/tfjs\/(webgpu|webgl)/);
    expect(lineOf(lines, 'tfjs-wasm')).toMatch(/tfjs\/wasm/);
  }, 150_000);

  it('runs on a page that is not cross-origin isolated, backend-js on one thread saying why', async () => {
    const lines = await runPage(false);
    for (const line of lines) expect(line).toMatch(/^[\w-]+: ok /);
    expect(lineOf(lines, 'js')).toContain('one thread: the page is not cross-origin isolated, so there is no SharedArrayBuffer');
    expect(lineOf(lines, 'js-matmul')).toBe('js-matmul: ok worker jobs 0');
    expect(lineOf(lines, 'wasm')).toMatch(/wasm\/single/);
  }, 150_000);
});
