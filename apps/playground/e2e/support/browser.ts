/**
 * Debian's Chromium, driven by playwright-core (Playwright's own browser download cannot work on
 * these machines). WebGL runs on SwiftShader (no GPU here), WebGPU on its fallback adapter.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  // Tests run as root in CI, where Chromium's sandbox cannot start.
  '--no-sandbox',
  // WebGPU in headless Chromium needs this flag (then it offers SwiftShader's fallback adapter).
  '--enable-unsafe-webgpu',
  // WebGL on SwiftShader when no GPU is present (Chromium no longer falls back to it silently).
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's (apt-get install -y chromium; scripts/setup.sh does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
