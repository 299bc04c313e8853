/**
 * The one test in a language outside JavaScript: Python's onnxruntime (from PyPI, in the venv
 * that scripts/setup.sh makes with packages/interop/scripts/python-venv.sh) runs the same
 * exported .onnx files and gives backprop's predictions: plain models for several activations,
 * a classifier and a regression with preprocessing (raw columns, one empty cell filled).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from '@backprop/data';
import { afterAll, describe, expect, it } from 'vitest';
import { portableFromNetwork } from './model.js';
import { exportOnnx } from './onnx/export.js';
import { HOSTILE_NAMES, hostileTable, makeBackend, randomRows, trainedNetwork, trainedOnTable, withEmptyCells } from './test-support/models.js';
import { expectClose } from './test-support/tolerance.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = join(PACKAGE, '.venv', 'bin', 'python');
const missing = existsSync(PYTHON) ? undefined : `${PYTHON} is missing: run bash packages/interop/scripts/python-venv.sh (scripts/setup.sh does)`;
// In CI (CI=true) a missing venv fails the test instead of skipping it.
const skip = missing !== undefined && process.env.CI !== 'true';

interface Feed {
  type: 'float32' | 'float64' | 'string';
  dims: number[];
  data: (number | string | null)[];
}

const dir = mkdtempSync(join(tmpdir(), 'backprop-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tableFeeds(table: Table, kinds: Record<string, 'numeric' | 'categorical'>): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  for (const [column, kind] of Object.entries(kinds)) {
    const cells = table.rows.map((r) => r[column]);
    const text = (c: unknown): string => (typeof c === 'string' ? c.trim() : typeof c === 'number' ? String(c) : '');
    feeds[column] = kind === 'numeric' ? { type: 'float64', dims: [cells.length, 1], data: cells.map((c) => (text(c) === '' ? null : Number(text(c)))) } : { type: 'string', dims: [cells.length, 1], data: cells.map(text) };
  }
  return feeds;
}

describe.skipIf(skip)(`Python onnxruntime runs the exported files${skip ? ` (skipped: ${missing})` : ''}`, () => {
  it('predicts what backprop predicts, with and without preprocessing', async () => {
    if (missing) throw new Error(missing);
    const backend = await makeBackend('js');
    const jobs: { model: string; feeds: Record<string, Feed> }[] = [];
    const expected: { output: string; values: ArrayLike<number>; what: string }[] = [];
    const x = randomRows(20, 3, 4);
    for (const activation of ['gelu', 'silu', 'softplus', 'elu', 'leakyRelu'] as const) {
      const net = await trainedNetwork(backend, activation, 'softmaxCrossEntropy');
      const file = join(dir, `${activation}.onnx`);
      writeFileSync(file, exportOnnx(await portableFromNetwork(net)));
      jobs.push({ model: file, feeds: { input: { type: 'float32', dims: [20, 3], data: x.flat() } } });
      expected.push({ output: 'output', values: (await net.predict(x)).flat(), what: activation });
    }
    const kinds = { [HOSTILE_NAMES.category]: 'categorical', [HOSTILE_NAMES.other]: 'numeric', [HOSTILE_NAMES.numeric]: 'numeric' } as const;
    for (const task of ['classification', 'regression'] as const) {
      const table = withEmptyCells(hostileTable(task));
      const { network, pre } = await trainedOnTable(backend, table, task, 'standard', 'mean');
      const file = join(dir, `${task}.onnx`);
      writeFileSync(file, exportOnnx(await portableFromNetwork(network, { preprocessing: pre.toJSON() })));
      const m = pre.transform(table);
      const out = await network.predictFlat({ data: m.data, rows: m.rows, cols: m.cols });
      jobs.push({ model: file, feeds: tableFeeds(table, kinds) });
      expected.push(task === 'classification' ? { output: 'probabilities', values: out.data, what: task } : { output: 'value', values: pre.decodeValues(out.data, out.rows).map((v) => v.value), what: task });
    }
    const run = spawnSync(PYTHON, [join(PACKAGE, 'python', 'predict_onnx.py')], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    expect(run.status, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as { onnxruntime: string; results: Record<string, { data: number[] }>[] };
    expect(answer.onnxruntime).toBe('1.32.0');
    expected.forEach((e, i) => expectClose(answer.results[i]![e.output]!.data, e.values, `Python onnxruntime, ${e.what}`));
  });
});
