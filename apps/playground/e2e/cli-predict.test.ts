/**
 * A model saved by the playground is a model of core's format: the CLI's `backprop predict
 * --model` loads it and predicts the same classes the page did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchChromium } from './support/browser.js';
import { SPIRALS_QUICK } from './support/fixtures.js';
import { PlaygroundPage } from './support/playground-page.js';
import { CLI } from './support/paths.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-cli-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

function predict(args: string[]): { accuracy: number; samples: number; backend: { name: string } } {
  const out = execFileSync(process.execPath, [CLI, 'predict', ...args, '--backend', 'js', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as { accuracy: number; samples: number; backend: { name: string } };
}

test("the CLI's predict loads a model the playground saved and gets the page's accuracy", async () => {
  const cliBuildError = inject('cliBuildError');
  if (cliBuildError) throw new Error(cliBuildError);
  const playground = await PlaygroundPage.open(browser, inject('baseUrl'));
  const model = join(dir, 'spirals-model.json');
  const points = join(dir, 'spirals-points.json');
  try {
    await playground.set({ ...SPIRALS_QUICK, backend: 'js/float32', compareWith: '' });
    expect((await playground.train()).a).toBe('done');
    const pageAccuracy = (await playground.epochLog('a')).at(-1)!.accuracy;
    await playground.download('#save-model', model);
    await playground.download('#save-points', points);

    // The very points the page trained on, with their classes: the same float32 forward pass.
    const onPoints = predict(['--model', model, '--input', points]);
    expect(onPoints.samples).toBe(600);
    // The page shows accuracy to 0.1%: compare at that resolution.
    expect(Math.round(onPoints.accuracy * 1000)).toBe(Math.round(pageAccuracy * 1000));

    // No input: the model says it was trained on spirals, the CLI's own spirals (the same points).
    const onDataset = predict(['--model', model]);
    expect(onDataset.samples).toBe(120);
    expect(onDataset.accuracy).toBeGreaterThanOrEqual(0.9);
  } finally {
    await playground.close();
  }
});
