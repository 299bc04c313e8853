/** Real MNIST digits in the browser: held-out accuracy and the confusion matrix of the held-out digits. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchChromium } from './support/browser.js';
import { PlaygroundPage } from './support/playground-page.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

test('digits: trains on 600 real digits, the confusion matrix counts the 200 held-out ones', async () => {
  const playground = await PlaygroundPage.open(browser, inject('baseUrl'));
  try {
    await playground.set({ dataset: 'digits', epochs: 8, backend: 'js/float32', compareWith: '' });
    expect(await playground.train()).toEqual({ a: 'done', b: 'idle' });
    const log = await playground.epochLog('a');
    expect(log).toHaveLength(8);
    const last = log[log.length - 1]!;
    expect(last.accuracy).toBeGreaterThan(0.95);
    // A 784-64-10 network on 600 digits generalises to roughly 80-85% (measured 83% after 20 epochs).
    expect(last.heldOut).toBeGreaterThan(0.7);
    const counts = await playground.page.$$eval('#lane-a table.confusion tr', (rows) =>
      rows.slice(1).map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.textContent || '0'))),
    );
    expect(counts).toHaveLength(10);
    for (const row of counts) expect(row.reduce((s, n) => s + n, 0)).toBe(20);
    const right = counts.reduce((s, row, i) => s + row[i]!, 0);
    expect(right / 200).toBeCloseTo(last.heldOut!, 5);
    expect(await playground.page.isHidden('#lane-a canvas.boundary')).toBe(true);
    expect(playground.errors).toEqual([]);
  } finally {
    await playground.close();
  }
});
