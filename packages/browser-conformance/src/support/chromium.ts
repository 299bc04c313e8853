/**
 * How this package starts Chromium: Debian's /usr/bin/chromium driven by Playwright (Playwright's
 * own browser download cannot work on machines without internet), headless, with the flags the
 * tests need. Shared by the vitest browser project, the bundle test and the browser bench.
 */
import { existsSync } from 'node:fs';

/** Override with BACKPROP_CHROMIUM=/path/to/chrome. */
export const CHROMIUM_PATH = process.env.BACKPROP_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  // Containers and CI run as root, where Chromium's sandbox cannot start.
  '--no-sandbox',
  // The network is closed: no update checks, no component downloads, no first-run fetches.
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // WebGPU is off in headless Chromium on Linux without this; the page must also be a secure
  // context (localhost). It then gets SwiftShader's fallback adapter.
  '--enable-unsafe-webgpu',
  // A hidden page must keep its full speed for benchmarks and long suites.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
];

/** Fails with the fix when Chromium is missing, instead of Playwright's advice to download one. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium, scripts/setup.sh does) ` +
        'or set BACKPROP_CHROMIUM to a Chromium or Chrome binary',
    );
  }
}

/**
 * Headers that make a page cross-origin isolated (SharedArrayBuffer, so backend-js can run
 * Web Workers and tfjs's wasm engine its threads).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
