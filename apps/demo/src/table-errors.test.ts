/**
 * Bad tables give a clear message naming file, line and column, exit code 3 (2 for bad flags),
 * and never a stack trace. One test per case the issue lists, on the fixture files in
 * apps/demo/fixtures/bad (the too-large file is made here: a sparse file, no disk used).
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksLikeStackTrace, runCli, scratchDir, type CliRun } from './test-support/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);

function train(file: string, ...more: string[]): Promise<CliRun> {
  return runCli(['train', '--data', file, '--target', 'species', '--epochs', '2', '--no-chart', ...more]);
}

function expectFailure(run: CliRun, code: number, message: string): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stderr).toContain(`error: ${message}`);
  expect(looksLikeStackTrace(run.stderr)).toBe(false);
}

let dir: string;
let model: string;

beforeAll(async () => {
  dir = scratchDir();
  model = join(dir, 'flowers-model.json');
  const run = await train(fixture('flowers.csv'), '--out', model);
  expect(run.code, run.stderr).toBe(0);
});

describe('bad tables for train', () => {
  it('a missing file', async () => {
    const missing = join(dir, 'no-such.csv');
    expectFailure(await train(missing), 3, `cannot read ${missing}: no such file`);
  });

  it('an empty file', async () => {
    expectFailure(await train(fixture('bad/empty.csv')), 3, `${fixture('bad/empty.csv')}: the file is empty (expected a header row naming the columns, then data rows)`);
  });

  it('a header only', async () => {
    expectFailure(await train(fixture('bad/header-only.csv')), 3, `${fixture('bad/header-only.csv')} has no data rows (a header alone is not enough to train on)`);
  });

  it('a missing target column, named with the columns there are', async () => {
    const run = await runCli(['train', '--data', fixture('flowers.csv'), '--target', 'variety', '--no-chart']);
    expectFailure(run, 3, `${fixture('flowers.csv')} has no target column "variety"; its columns are "sepal length, cm", "sepal width, cm", "petal_length", "petal_size", "species"`);
  });

  it('a missing feature column, named', async () => {
    expectFailure(await train(fixture('flowers.csv'), '--features', 'petal_length,petal_width'), 3, `${fixture('flowers.csv')} has no feature column "petal_width"`);
  });

  it('a non-numeric value in a numeric column: file, line, column and value', async () => {
    expectFailure(
      await train(fixture('bad/text-in-number.csv')),
      3,
      `${fixture('bad/text-in-number.csv')} line 3, column "petal_length": expected a number (the column holds numbers in 8 of 9 rows), got "4.7cm"`,
    );
  });

  it('a ragged row: file and line', async () => {
    expectFailure(
      await train(fixture('bad/ragged.csv')),
      3,
      `${fixture('bad/ragged.csv')} line 4: expected 5 fields like the header ("sepal length, cm", "sepal width, cm", "petal_length", "petal_size", "species"), got 4: ragged row`,
    );
  });

  it('a target with one class', async () => {
    expectFailure(await train(fixture('bad/one-class.csv')), 3, `target "species" has a single class ("setosa") in the 24 training rows of ${fixture('bad/one-class.csv')}: there is nothing to tell apart`);
  });

  it('a file too large for memory is refused with its size, before reading', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024);
    expectFailure(await train(big), 3, `${big} is 300.0 MiB, larger than the 256.0 MiB a table may have`);
  });

  it('invalid JSON: file and line', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"species":"setosa","x":1}\n{"species":"setosa",\n');
    const run = await train(bad);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2: not valid JSON`));
  });

  it('bad flags are usage errors (exit 2)', async () => {
    expectFailure(await runCli(['train', '--data', fixture('flowers.csv'), '--no-chart']), 2, '--data needs --target <column>: the column to predict');
    expectFailure(await runCli(['train', '--dataset', 'iris', '--target', 'species']), 2, '--target applies to --data <file>, not to a built-in dataset');
    expectFailure(await runCli(['train', '--data', fixture('flowers.csv'), '--dataset', 'iris', '--target', 'species']), 2, 'give either --dataset or --data, not both');
    const split = await train(fixture('flowers.csv'), '--test-split', '1.5');
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('must be a fraction between 0 and 1');
  });
});

describe('numbers too large for float32', () => {
  it('train refuses one, naming file, line and column, instead of writing a model predict cannot load', async () => {
    const file = join(dir, 'huge.csv');
    const lines = readFileSync(fixture('flowers.csv'), 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/^[^,]+,/, '1e300,');
    writeFileSync(file, lines.join('\n'));
    expectFailure(await train(file), 3, `${file} line 4, column "sepal length, cm": 1e300 is too large: networks compute in float32`);
  });

  it('predict refuses one before the network sees it, naming file, line and column', async () => {
    const file = join(dir, 'huge-new.csv');
    writeFileSync(file, '"sepal length, cm","sepal width, cm",petal_length,petal_size\n5.1,3.5,1.4,small\n5.1,1e39,1.4,small\n');
    const run = await runCli(['predict', '--model', model, '--data', file]);
    expectFailure(run, 3, `${file} line 3, column "sepal width, cm": 1e39 is too large`);
  });
});

describe('bad tables for predict', () => {
  it('a category training never saw is an error naming file, line, column and the known categories', async () => {
    const run = await runCli(['predict', '--model', model, '--data', fixture('bad/unseen-category.csv')]);
    expectFailure(run, 3, `${fixture('bad/unseen-category.csv')} line 3, column "petal_size": expected one of the categories seen in training ("large, broad", "medium", "small"), got "huge"`);
  });

  it('a missing feature column, named', async () => {
    const run = await runCli(['predict', '--model', model, '--data', fixture('bad/missing-column.csv')]);
    expectFailure(run, 3, `${fixture('bad/missing-column.csv')} has no feature column "petal_length"; its columns are "sepal length, cm", "sepal width, cm", "petal_size"`);
  });

  it('text in a numeric column', async () => {
    const run = await runCli(['predict', '--model', model, '--data', fixture('bad/text-in-number.csv')]);
    expectFailure(run, 3, `${fixture('bad/text-in-number.csv')} line 3, column "petal_length": expected a number, got "4.7cm"`);
  });

  it('a model whose saved preprocessing is damaged', async () => {
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { meta: { preprocessing: { features: { scale?: number }[] } } };
    saved.meta.preprocessing.features[0]!.scale = -1;
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, JSON.stringify(saved));
    const run = await runCli(['predict', '--model', damaged, '--data', fixture('flowers-new.csv')]);
    expectFailure(run, 3, `model file ${damaged} has damaged preprocessing: features[0].scale must be a finite number > 0, got -1`);
  });
});
