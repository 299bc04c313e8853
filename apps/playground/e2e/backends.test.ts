/**
 * For every backend variant the playground knows: if this browser runs it (the page's doctor
 * says so), train spirals to ≥ 95% training accuracy, check that the loss curve falls and the
 * boundary image changes, save the model and load it back. A variant the browser cannot run is
 * skipped with the doctor's reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { VARIANTS } from '../src/backends/variants.js';
import { launchChromium } from './support/browser.js';
import { SPIRALS_QUICK } from './support/fixtures.js';
import { PlaygroundPage, type DoctorRow } from './support/playground-page.js';

let browser: Browser;
// One page for every variant, as a person would use it: choose a backend, train, save, load, next.
let playground: PlaygroundPage;
let doctor: DoctorRow[];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-backends-'));
  browser = await launchChromium();
  playground = await PlaygroundPage.open(browser, inject('baseUrl'));
  doctor = await playground.doctor();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the doctor', () => {
  test('lists every variant, with a reason for each one that does not work', () => {
    expect(doctor.map((r) => r.id)).toEqual(VARIANTS.map((v) => v.id));
    for (const row of doctor) expect(row.detail.length, `${row.id}: ${row.detail}`).toBeGreaterThan(10);
    console.log(doctor.map((r) => `${r.id.padEnd(14)} ${r.ok ? 'yes' : 'no '} ${r.detail}`).join('\n'));
  });

  test('js runs in every browser, in both precisions', () => {
    expect(doctor.filter((r) => r.id.startsWith('js/')).map((r) => [r.id, r.ok])).toEqual([
      ['js/float32', true],
      ['js/float64', true],
    ]);
  });
});

describe('bad input', () => {
  test('a bad setting is refused with a message naming the field and what came', async () => {
    await playground.set({ ...SPIRALS_QUICK, hidden: '32, x' });
    await playground.page.click('#train');
    expect(await playground.page.textContent('#form-error')).toBe('hidden layers: each size must be a whole number from 1 to 1024, got "x" in "32, x"');
    expect(await playground.page.isEnabled('#train')).toBe(true);
  });

  test('a file that is not a model is refused in core\'s words', async () => {
    const path = join(dir, 'not-a-model.json');
    writeFileSync(path, JSON.stringify({ format: 'something-else' }));
    expect(await playground.loadModel(path)).toBe('error');
    expect(await playground.status('a')).toContain("format must be 'backprop-model'");
  });
});

describe.each(VARIANTS.map((v) => v.id))('%s', (id) => {
  test('trains spirals to ≥ 95%, the curve falls, the boundary changes; the saved model loads back', async ({ skip }) => {
    const row = doctor.find((r) => r.id === id)!;
    if (!row.ok) skip(`this browser cannot run ${id}: ${row.detail}`);
    const errorsBefore = playground.errors.length;
    await playground.set({ ...SPIRALS_QUICK, backend: id, compareWith: '' });
    const states = await playground.train();
    expect(states.a, await playground.status('a')).toBe('done');
    const log = await playground.epochLog('a');
    expect(log.map((r) => r.epoch)).toEqual(Array.from({ length: SPIRALS_QUICK.epochs! }, (_, i) => i + 1));
    const last = log[log.length - 1]!;
    expect(last.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(last.loss).toBeLessThan(log[0]!.loss / 3);
    expect(Math.min(...log.slice(-3).map((r) => r.loss))).toBeLessThan(log[1]!.loss);
    for (const r of log) expect(r.samplesPerSecond).toBeGreaterThan(0);
    const trained = await playground.boundary('a');
    expect(trained.epoch).toBe(String(SPIRALS_QUICK.epochs));
    expect(trained.png).not.toBe(await playground.startBoundary('a'));
    expect(await playground.boundaryDiffers('a')).toBeGreaterThan(0.2);

    const path = join(dir, `${id.replace('/', '-')}.json`);
    const text = await playground.download('#save-model', path);
    const saved = JSON.parse(text) as { format: string; network: { inputSize: number }; meta: { backend: string; playgroundDataset: string } };
    expect(saved.format).toBe('backprop-model');
    expect(saved.meta.playgroundDataset).toBe('spirals');
    expect(saved.meta.backend).toBe(id.split('/')[0]);

    expect(await playground.loadModel(path), await playground.status('a')).toBe('loaded');
    expect(await playground.accuracy('a')).toBe(last.accuracy);
    const reloaded = await playground.boundary('a');
    expect(reloaded.png).toBe(trained.png);
    expect(playground.errors.slice(errorsBefore)).toEqual([]);
  });
});
