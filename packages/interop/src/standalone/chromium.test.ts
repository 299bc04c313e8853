/**
 * The standalone module in a browser: Debian's Chromium (driven by playwright-core, as the
 * playground's tests do) runs it as an inline `<script type="module">` — the hardest place for a
 * name holding `</script>`, which would end the element early — and predicts what backprop does.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portableFromNetwork } from '../model.js';
import { hostileTable, makeBackend, trainedOnTable } from '../test-support/models.js';
import { expectClose } from '../test-support/tolerance.js';
import { exportStandalone } from './export.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// In CI (CI=true) a missing Chromium fails instead of skipping.
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';

describe.skipIf(skip)(`exportStandalone in Chromium${skip ? ` (skipped: no Chromium at ${CHROMIUM})` : ''}`, () => {
  it('an inline module script built from hostile names predicts as backprop', async () => {
    const table = hostileTable('classification');
    const { network, pre } = await trainedOnTable(await makeBackend('js'), table, 'classification');
    const source = exportStandalone(await portableFromNetwork(network, { preprocessing: pre.toJSON() }));
    const x = pre.transform(table);
    const expected = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(`<!doctype html><script type="module">${source}\nwindow.predictModel = predict;</script>`);
      await page.waitForFunction(() => typeof (globalThis as { predictModel?: unknown }).predictModel === 'function', undefined, { timeout: 10_000 });
      const rows = table.rows.map((r) => ({ ...r }));
      const got = await page.evaluate(
        ({ rows, classes }) => (globalThis as unknown as { predictModel: (r: unknown[]) => { probabilities: Record<string, number> }[] }).predictModel(rows).flatMap((p) => classes.map((c) => p.probabilities[c]!)),
        { rows, classes: [...pre.classes!] },
      );
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
      expectClose(got, expected.data, 'Chromium');
    } finally {
      await browser.close();
    }
  });
});
