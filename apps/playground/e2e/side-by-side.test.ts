/**
 * Two backends side by side from the same seed: both lanes train the same network on the same
 * batches, so their curves are the same (to float32 rounding) while their speeds differ.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchChromium } from './support/browser.js';
import { SPIRALS_QUICK } from './support/fixtures.js';
import { PlaygroundPage } from './support/playground-page.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

test('js/float32 beside js/float64: the same curves, each lane with its own speed', async () => {
  const playground = await PlaygroundPage.open(browser, inject('baseUrl'));
  try {
    await playground.set({ ...SPIRALS_QUICK, epochs: 10, backend: 'js/float32', compareWith: 'js/float64' });
    expect(await playground.train()).toEqual({ a: 'done', b: 'done' });
    const a = await playground.epochLog('a');
    const b = await playground.epochLog('b');
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    a.forEach((row, i) => {
      // The log prints 6 significant digits; float32 and float64 agree far closer than 1e-3 here.
      expect(Math.abs(row.loss - b[i]!.loss) / b[i]!.loss, `epoch ${row.epoch}: ${row.loss} vs ${b[i]!.loss}`).toBeLessThan(1e-3);
      expect(row.accuracy).toBeCloseTo(b[i]!.accuracy, 2);
    });
    expect(await playground.figure('a', 'backend')).toContain('float32');
    expect(await playground.figure('b', 'backend')).toContain('float64');
    for (const lane of ['a', 'b'] as const) expect(Number((await playground.figure(lane, 'samples/s')).split(' ')[0]!.replaceAll(',', ''))).toBeGreaterThan(0);
    // Both curves are on the shared charts: one series per lane.
    expect(await playground.page.$$eval('#loss-chart .u-legend .u-series', (s) => s.map((e) => e.textContent ?? ''))).toEqual(
      expect.arrayContaining([expect.stringContaining('A js/float32'), expect.stringContaining('B js/float64')]),
    );
    expect(playground.errors).toEqual([]);
  } finally {
    await playground.close();
  }
});
