/**
 * `backprop export`, run as a subprocess on a model `backprop train --data` saved: the ONNX file
 * in onnxruntime-node and the standalone module in Node give what `backprop predict --data`
 * gives for the same CSV, columns fed in another order; the TF.js folder is written; bad input
 * ends with exit code 2 or 3 and a message, never a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTable } from '@backprop/data/node';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../test-support/paths.js';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from '../test-support/run-cli.js';

interface PredictDoc {
  classes: string[];
  predictions: { class: string; probabilities: Record<string, number> }[];
}

const flowers = join(DEMO_DIR, 'fixtures', 'flowers.csv');
const flowersNew = join(DEMO_DIR, 'fixtures', 'flowers-new.csv');
const NUMERIC = ['sepal length, cm', 'sepal width, cm', 'petal_length'];
let dir: string;
let model: string;
let expected: PredictDoc;

beforeAll(async () => {
  dir = scratchDir();
  model = join(dir, 'flowers-model.json');
  const train = await runCli(['train', '--data', flowers, '--target', 'species', '--epochs', '30', '--no-chart', '--out', model]);
  expect(train.code, train.stderr).toBe(0);
  const predict = await runCli(['predict', '--model', model, '--data', flowersNew, '--json']);
  expect(predict.code, predict.stderr).toBe(0);
  expected = jsonOf<PredictDoc>(predict);
});

function expectSameProbabilities(got: readonly number[], what: string): void {
  const want = expected.predictions.flatMap((p) => expected.classes.map((c) => p.probabilities[c]!));
  expect(got.length, what).toBe(want.length);
  // float32 in both runtimes: the README states this tolerance and the largest difference measured.
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${what} value ${i}`).toBeLessThan(1e-6 + 1e-6 * Math.abs(want[i]!)));
}

describe('backprop export', () => {
  it('onnx: onnxruntime-node gives backprop predict’s answers from the raw CSV columns, in another order', async () => {
    const out = join(dir, 'flowers.onnx');
    const run = await runCli(['export', '--model', model, '--format', 'onnx', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf<{ opset: number; files: { bytes: number }[] }>(run)).toMatchObject({ opset: 21, files: [{ bytes: expect.any(Number) as number }] });
    const table = readTable(flowersNew);
    const feeds: Record<string, Tensor> = {};
    for (const column of [...table.columns].reverse()) {
      if (column === 'species') continue;
      const cells = table.rows.map((r) => r[column]);
      feeds[column] = NUMERIC.includes(column) ? new Tensor('float64', Float64Array.from(cells.map(Number)), [cells.length, 1]) : new Tensor('string', cells.map((c) => String(c).trim()), [cells.length, 1]);
    }
    const session = await InferenceSession.create(out);
    const result = await session.run(feeds);
    await session.release();
    expectSameProbabilities(Array.from(result.probabilities!.data as Float32Array), 'onnx');
    expect(Array.from(result.class!.data as string[])).toEqual(expected.predictions.map((p) => p.class));
  });

  it('js: the standalone module, imported in Node, predicts the same from the same rows', async () => {
    const out = join(dir, 'flowers.mjs');
    const run = await runCli(['export', '--model', model, '--format', 'js', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('standalone ES module');
    expect(readFileSync(out, 'utf8')).not.toMatch(/^\s*import\b/m);
    const module = (await import(/* @vite-ignore */ pathToFileURL(out).href)) as { predict: (rows: unknown[]) => { class: string; probabilities: Record<string, number> }[] };
    const got = module.predict(readTable(flowersNew).rows.map((r) => ({ ...r })));
    expectSameProbabilities(got.flatMap((p) => expected.classes.map((c) => p.probabilities[c]!)), 'standalone');
  });

  it('tfjs: a folder with model.json and weights.bin', async () => {
    const out = join(dir, 'flowers-tfjs');
    const run = await runCli(['export', '--model', model, '--format', 'tfjs', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { format: string; userDefinedMetadata: { backprop: { classes: string[] } } };
    expect(json.format).toBe('layers-model');
    expect(json.userDefinedMetadata.backprop.classes).toEqual(expected.classes);
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
  });

  it('refuses a missing model (exit 3) and an unknown format (exit 2) without a stack trace', async () => {
    const missing = await runCli(['export', '--model', join(dir, 'nope.json'), '--format', 'onnx', '--out', join(dir, 'x.onnx')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot read model file .*nope\.json: no such file/);
    const format = await runCli(['export', '--model', model, '--format', 'pmml', '--out', join(dir, 'x')]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/pmml/);
    expect(looksLikeStackTrace(missing.stderr + format.stderr)).toBe(false);
  });
});
