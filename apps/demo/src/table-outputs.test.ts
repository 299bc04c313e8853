/**
 * Outputs, metrics and messy tables, through the built CLI: output paths checked before any
 * training (exit 3), `predict --out` as CSV and JSON with the input's line numbers, RMSE/MAE/R²
 * in the target's units checked against values computed here from predict's own predictions,
 * per-class metrics and the confusion matrix, every --missing mode (and predict applying it),
 * decimal commas, and a 200,000-row table (past the row count that crashed the split).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir, type CliRun } from './test-support/run-cli.js';

let dir: string;

function expectFailure(run: CliRun, code: number, message: string): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stderr).toContain(`error: ${message}`);
  expect(looksLikeStackTrace(run.stderr)).toBe(false);
}

/** y = 3·a − 2·b + 10 (+ a little noise), a categorical column that shifts it, 400 rows. */
function regressionCsv(path: string, rows = 400, options: { emptyEvery?: number; decimalComma?: boolean } = {}): void {
  const lines = [options.decimalComma ? 'a;b;shop;y' : 'a,b,shop,y'];
  for (let i = 0; i < rows; i++) {
    const a = (i % 20) / 4;
    const b = ((i * 7) % 13) / 3;
    const shop = ['north', 'south'][i % 2]!;
    const y = 3 * a - 2 * b + 10 + (shop === 'south' ? 5 : 0) + (((i * 37) % 11) - 5) / 50;
    const cells = [a.toFixed(2), b.toFixed(3), shop, y.toFixed(4)];
    if (options.emptyEvery && i % options.emptyEvery === 3) cells[1] = '';
    lines.push(options.decimalComma ? cells.map((c) => c.replace('.', ',')).join(';') : cells.join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

beforeAll(() => {
  dir = scratchDir();
});

describe('output paths are checked before training', () => {
  it('an --out whose parent is a file, an --out that is a folder, a chart in a missing folder', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const started = performance.now();
    expectFailure(await runCli(['train', '--dataset', 'mnist', '--out', join(file, 'model.json')]), 3, `cannot write the model ${join(file, 'model.json')}: ${file} is a file, not a folder`);
    // mnist trains for seconds: refusing took far less, so nothing was trained.
    expect(performance.now() - started).toBeLessThan(20_000);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expectFailure(await runCli(['train', '--dataset', 'xor', '--out', folder]), 3, `the model path ${folder} is a folder, not a file`);
    expectFailure(await runCli(['train', '--dataset', 'xor', '--chart', join(file, 'deeper', 'c.svg')]), 3, `cannot write the chart ${join(file, 'deeper', 'c.svg')}: ${file} is a file, not a folder`);
    // A missing folder is made (as documented), so this one trains.
    const fresh = join(dir, 'new', 'folder', 'xor.json');
    const ok = await runCli(['train', '--dataset', 'xor', '--epochs', '5', '--no-chart', '--out', fresh]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(fresh, 'utf8'))).toHaveProperty('format');
  });

  it('predict --out: a bad extension is exit 2, a folder exit 3, before the model is read', async () => {
    expectFailure(await runCli(['predict', '--model', join(dir, 'none.json'), '--out', join(dir, 'p.txt')]), 2, `--out ${join(dir, 'p.txt')}: name the file .csv or .json`);
    const folder = join(dir, 'results.json');
    mkdirSync(folder);
    expectFailure(await runCli(['predict', '--model', join(dir, 'none.json'), '--out', folder]), 3, `the predictions path ${folder} is a folder, not a file`);
  });
});

describe('regression in the target\'s units', () => {
  let csv: string;
  let model: string;
  beforeAll(async () => {
    csv = join(dir, 'prices.csv');
    regressionCsv(csv);
    model = join(dir, 'prices.json');
    const run = await runCli(['train', '--data', csv, '--target', 'y', '--epochs', '60', '--no-chart', '--out', model, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ heldOut: { kind: string; rmse: number; mae: number; r2: number; rows: number }; test: { rmse: number } }>(run);
    expect(doc.heldOut.kind).toBe('regression');
    expect(doc.heldOut.rows).toBe(80);
    // y spans about 0..35: a fitted network is far better than the mean.
    expect(doc.heldOut.r2).toBeGreaterThan(0.9);
    expect(doc.heldOut.rmse).toBeGreaterThanOrEqual(doc.heldOut.mae);
    expect(doc.test.rmse).toBe(doc.heldOut.rmse);
  });

  it('predict reports RMSE, MAE and R² that match its own predictions, computed here', async () => {
    const run = await runCli(['predict', '--model', model, '--data', csv, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ rmse: number; meanAbsoluteError: number; r2: number; predictions: { line: number; value: number; target: number }[] }>(run);
    const p = doc.predictions;
    expect(p).toHaveLength(400);
    expect(p[0]!.line).toBe(2);
    const n = p.length;
    const mean = p.reduce((s, q) => s + q.target, 0) / n;
    const sse = p.reduce((s, q) => s + (q.value - q.target) ** 2, 0);
    expect(doc.rmse).toBeCloseTo(Math.sqrt(sse / n), 9);
    expect(doc.meanAbsoluteError).toBeCloseTo(p.reduce((s, q) => s + Math.abs(q.value - q.target), 0) / n, 9);
    expect(doc.r2).toBeCloseTo(1 - sse / p.reduce((s, q) => s + (q.target - mean) ** 2, 0), 9);
    // The targets are the file's own values.
    expect(p[0]!.target).toBeCloseTo(Number(readFileSync(csv, 'utf8').split('\n')[1]!.split(',')[3]), 9);
  });

  it('predict --out writes every prediction, CSV or JSON, with the input\'s line numbers', async () => {
    const outCsv = join(dir, 'out', 'predictions.csv');
    const outJson = join(dir, 'predictions.json');
    const a = await runCli(['predict', '--model', model, '--data', csv, '--out', outCsv]);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['predict', '--model', model, '--data', csv, '--out', outJson, '--limit', '3']);
    expect(b.code, b.stderr).toBe(0);
    const json = JSON.parse(readFileSync(outJson, 'utf8')) as { line: number; value: number }[];
    expect(json).toHaveLength(400);
    const lines = readFileSync(outCsv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,value,target');
    expect(lines).toHaveLength(401);
    const last = lines[400]!.split(',');
    expect(Number(last[0])).toBe(401);
    expect(Number(last[1])).toBeCloseTo(json[399]!.value, 9);
  });
});

describe('classification metrics', () => {
  it('per-class precision, recall, F1 and the confusion matrix, in text and --json', async () => {
    const csv = join(dir, 'skewed.csv');
    const lines = ['x,z,label'];
    for (let i = 0; i < 600; i++) {
      const label = i % 10 === 0 ? 'rare' : i % 3 === 0 ? 'middle' : 'common';
      const x = label === 'rare' ? 5 : label === 'middle' ? 2 : 0;
      lines.push(`${x + ((i * 13) % 7) / 10},${(i * 7) % 5},${label}`);
    }
    writeFileSync(csv, lines.join('\n'));
    const text = await runCli(['train', '--data', csv, '--target', 'label', '--epochs', '40', '--no-chart']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/class\s+precision\s+recall\s+F1\s+support/);
    expect(text.stdout).toMatch(/actual \\ predicted\s+common\s+middle\s+rare/);
    const run = await runCli(['train', '--data', csv, '--target', 'label', '--epochs', '40', '--no-chart', '--json']);
    const doc = jsonOf<{ heldOut: { accuracy: number; confusion: number[][]; perClass: { class: string; support: number; recall: number }[]; classes: string[] }; test: { accuracy: number } }>(run);
    const h = doc.heldOut;
    expect(h.classes).toEqual(['common', 'middle', 'rare']);
    expect(h.perClass.map((c) => c.support)).toEqual([h.confusion[0]!.reduce((s, v) => s + v, 0), h.confusion[1]!.reduce((s, v) => s + v, 0), 12]);
    const diagonal = h.confusion.reduce((s, row, k) => s + row[k]!, 0);
    expect(h.accuracy).toBeCloseTo(diagonal / 120, 12);
    expect(h.accuracy).toBeCloseTo(doc.test.accuracy, 6);
    expect(h.perClass[2]!.recall).toBeCloseTo(h.confusion[2]![2]! / 12, 12);
  });
});

describe('missing values', () => {
  let csv: string;
  beforeAll(() => {
    csv = join(dir, 'holes.csv');
    regressionCsv(csv, 400, { emptyEvery: 10 });
  });

  it('are all counted by default (exit 3), naming the first', async () => {
    expectFailure(
      await runCli(['train', '--data', csv, '--target', 'y', '--epochs', '2', '--no-chart']),
      3,
      `${csv} line 5, column "b" is empty (40 empty cells in this column in all)`,
    );
  });

  it('drop, mean, median and mode train, are saved, and predict applies them', async () => {
    for (const how of ['drop', 'mean', 'median', 'mode']) {
      const model = join(dir, `holes-${how}.json`);
      const run = await runCli(['train', '--data', csv, '--target', 'y', '--epochs', '5', '--no-chart', '--missing', how, '--out', model, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const doc = jsonOf<{ dataset: { trainSamples: number; testSamples: number; notes: string[] } }>(run);
      const saved = JSON.parse(readFileSync(model, 'utf8')) as { meta: { preprocessing: { missing: string; features: { name: string; fill?: number }[] } } };
      expect(saved.meta.preprocessing.missing).toBe(how);
      if (how === 'drop') {
        expect(doc.dataset.trainSamples + doc.dataset.testSamples).toBe(360);
        expect(doc.dataset.notes.join(' ')).toContain('40 rows with an empty cell left out (--missing drop), lines 5, 15, 25');
      } else {
        expect(doc.dataset.trainSamples + doc.dataset.testSamples).toBe(400);
        expect(typeof saved.meta.preprocessing.features.find((f) => f.name === 'b')!.fill).toBe('number');
      }
      const predicted = await runCli(['predict', '--model', model, '--data', csv, '--json']);
      expect(predicted.code, predicted.stderr).toBe(0);
      expect(jsonOf<{ samples: number }>(predicted).samples).toBe(how === 'drop' ? 360 : 400);
    }
  });
});

describe('messy and large tables', () => {
  it('the inspection: per column type, empty cells, distinct values, and warnings with fixes, before training', async () => {
    const csv = join(dir, 'messy.csv');
    const lines = ['customer,n,price,country,label'];
    for (let i = 0; i < 200; i++) lines.push(`c${i},${i + 1},"${i % 9},${i % 10}",NL,${i % 40 === 0 ? 'yes' : 'no'}`);
    writeFileSync(csv, lines.join('\n'));
    const run = await runCli(['train', '--data', csv, '--target', 'label', '--features', 'price,country', '--epochs', '2', '--no-chart', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ dataset: { inspection: { columns: { name: string; type: string; distinct: number; missing: number }[]; warnings: { kind: string; column: string; fix: string }[] } } }>(run);
    expect(doc.dataset.inspection.columns.map((c) => [c.name, c.type, c.distinct, c.missing])).toEqual([
      ['customer', 'categorical', 200, 0],
      ['n', 'numeric', 200, 0],
      ['price', 'categorical', 90, 0],
      ['country', 'categorical', 1, 0],
      ['label', 'categorical', 2, 0],
    ]);
    expect(doc.dataset.inspection.warnings.map((w) => `${w.kind} ${w.column}`)).toEqual(['decimal-comma price', 'constant country', 'class-imbalance label']);
    expect(run.stderr).toContain('warning: column "price" holds numbers written with a decimal comma');
    expect(run.stderr).toContain('fix: read them as numbers with --decimal-comma');
    // An id column is warned about when it is a feature (a text one of over 100 values is refused outright).
    const all = await runCli(['train', '--data', csv, '--target', 'label', '--features', 'n,price', '--epochs', '1', '--no-chart', '--decimal-comma']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/warning\s+column "n" has a different value in every row/);
    expect(all.stdout).not.toContain('decimal comma');
    expect(all.stdout).toMatch(/column\s+role\s+type\s+empty\s+distinct/);
  });

  it('decimal commas: a warning-free numeric column with --decimal-comma, saved for predict', async () => {
    const csv = join(dir, 'komma.csv');
    regressionCsv(csv, 200, { decimalComma: true });
    const model = join(dir, 'komma.json');
    const run = await runCli(['train', '--data', csv, '--target', 'y', '--epochs', '5', '--no-chart', '--decimal-comma', '--out', model, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf<{ dataset: { inputs: string[] } }>(run).dataset.inputs).toEqual(['a', 'b', 'shop=north', 'shop=south']);
    const predicted = await runCli(['predict', '--model', model, '--data', csv, '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
  });

  it('200,000 rows train and predict (the split crashed past 160,000)', async () => {
    const csv = join(dir, 'large.csv');
    regressionCsv(csv, 200_000);
    const model = join(dir, 'large.json');
    const run = await runCli(['train', '--data', csv, '--target', 'y', '--epochs', '1', '--batch-size', '256', '--no-chart', '--out', model, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf<{ dataset: { trainSamples: number } }>(run).dataset.trainSamples).toBe(160_000);
    const out = join(dir, 'large-predictions.csv');
    const predicted = await runCli(['predict', '--model', model, '--data', csv, '--out', out]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(200_001);
  });
});
