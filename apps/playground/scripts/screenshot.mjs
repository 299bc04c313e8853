// Takes the README's screenshot of the real app: serves the BUILT app (run `pnpm build` first)
// with vite preview, trains spirals on two backends side by side in Debian's Chromium, and
// writes docs/playground.png. Usage: node scripts/screenshot.mjs [backendA] [backendB]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const [a = 'js/float32', b = 'gpujs/webgl2'] = process.argv.slice(2);
const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0 } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('#doctor-table tbody tr', { state: 'attached', timeout: 120_000 });
  await page.fill('#epochs', '40');
  await page.selectOption('#backend-a', a);
  await page.selectOption('#backend-b', b);
  await page.click('#train');
  await page.waitForFunction(() => [...document.querySelectorAll('.lane:not([hidden])')].every((l) => ['done', 'error'].includes(l.dataset.state)), null, { timeout: 300_000 });
  await page.click('#doctor summary');
  await page.waitForTimeout(300);
  await page.screenshot({ path: fileURLToPath(new URL('../docs/playground.png', import.meta.url)), fullPage: true });
  console.log('wrote docs/playground.png');
} finally {
  await browser.close();
  await server.close();
}
