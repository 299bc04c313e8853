#!/usr/bin/env node
/**
 * Benchmark (not a test): read + preprocess + split of a large generated CSV in memory with
 * @backprop/data, against pandas' read_csv + get_dummies (+ a seeded split) on the same file,
 * each in its own process, seconds and peak RSS. Needs `pnpm --filter @backprop/data build`
 * and, for the pandas side, a Python with pandas (PYTHON=/path/to/venv/bin/python).
 *
 *   node packages/data/bench/read-preprocess-split.mjs [MiB=200] [folder=/tmp/bp-data-bench] [form=both]
 *
 * Two forms of the result, each compared with pandas doing the same:
 * - matrices: dense float64 inputs and targets of both parts (Preprocessor.transform; pandas
 *   get_dummies(dtype=float64) and to_numpy). 8 bytes per input per row: 17× this file's size.
 * - compact: what training needs kept compact (Preprocessor.encode: a float64 per numeric
 *   feature, a byte per categorical one; pandas' default get_dummies, one bool per category,
 *   and the two parts as frames). This is the form that fits a 1 GB file in memory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, statSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const mib = Number(process.argv[2] ?? 200);
const folder = process.argv[3] ?? '/tmp/bp-data-bench';
const forms = (process.argv[4] ?? 'both') === 'both' ? ['matrices', 'compact'] : [process.argv[4]];
const file = join(folder, `table-${mib}MiB.csv`);
const here = dirname(fileURLToPath(import.meta.url));

/** 3 numeric columns, 2 categorical (10 and 50 values), a skewed 3-class label; deterministic. */
function generate() {
  mkdirSync(folder, { recursive: true });
  const fd = openSync(file, 'w');
  writeSync(fd, 'x1,x2,x3,colour,town,label\n');
  let bytes = 0;
  let i = 0;
  while (bytes < mib * 1024 * 1024) {
    const lines = [];
    for (let k = 0; k < 10000; k++, i++) {
      const a = ((i * 7919) % 10007) / 100;
      lines.push(`${a.toFixed(2)},${((i * 31) % 977) / 10},${(i % 1000) * 0.001},c${i % 10},town${(i * 13) % 50},${i % 50 === 0 ? 'rare' : i % 3 === 0 ? 'b' : 'a'}`);
    }
    const chunk = lines.join('\n') + '\n';
    writeSync(fd, chunk);
    bytes += chunk.length;
  }
  closeSync(fd);
}

if (!existsSync(file)) generate();
const size = statSync(file).size;

const nodeSide = (form) => `
  const { readTable } = await import(${JSON.stringify(join(here, '../dist/node.js'))});
  const { splitTable, Preprocessor, rowCount } = await import(${JSON.stringify(join(here, '../dist/index.js'))});
  const t0 = performance.now();
  const table = readTable(${JSON.stringify(file)}, { maxBytes: Infinity });
  const t1 = performance.now();
  const split = splitTable(table, { testFraction: 0.2, seed: 1, stratifyBy: 'label', order: 'file' });
  const prep = Preprocessor.fit(split.train, { target: 'label' });
  let testRows;
  if (${JSON.stringify(form)} === 'matrices') {
    prep.transform(split.train);
    prep.transformTarget(split.train);
    testRows = prep.transform(split.test, { unknownCategory: 'zeros' }).rows;
  } else {
    prep.encode(split.train);
    testRows = prep.encode(split.test, { unknownCategory: 'zeros' }).rows;
  }
  const t2 = performance.now();
  console.log(JSON.stringify({ rows: rowCount(table), inputs: prep.inputSize, read: (t1 - t0) / 1000, rest: (t2 - t1) / 1000, total: (t2 - t0) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024, testRows }));
`;
const pandasSide = (form) => `
import json, resource, time
import numpy as np, pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(${JSON.stringify(file)})
t1 = time.perf_counter()
num = ['x1', 'x2', 'x3']
rng = np.random.default_rng(1)
test = np.zeros(len(df), dtype=bool)
for _, idx in df.groupby('label').indices.items():
    idx = rng.permutation(idx)
    test[idx[: round(len(idx) * 0.2)]] = True
# Standardise the numeric columns with the training rows' mean and deviation, then one-hot.
train_num = df.loc[~test, num]
df[num] = (df[num] - train_num.mean()) / train_num.std(ddof=0)
if ${JSON.stringify(form)} == 'matrices':
    X = pd.get_dummies(df.drop(columns=['label']), columns=['colour', 'town'], dtype='float64')
    Y = pd.get_dummies(df['label'], dtype='float64')
    xtr, xte, ytr = X[~test].to_numpy(), X[test].to_numpy(), Y[~test].to_numpy()
else:
    X = pd.get_dummies(df.drop(columns=['label']), columns=['colour', 'town'])
    Y = pd.get_dummies(df['label'])
    xtr, xte, ytr = X[~test], X[test], Y[~test]
t2 = time.perf_counter()
print(json.dumps({'rows': len(df), 'inputs': xtr.shape[1], 'read': t1 - t0, 'rest': t2 - t1, 'total': t2 - t0, 'peakMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

const run = (cmd, args) => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop());
const attempt = (cmd, args) => {
  try {
    return run(cmd, args);
  } catch (error) {
    const lines = String(error.stderr ?? error.message).trim().split('\n');
    return { error: lines[lines.length - 1] || String(error.message).split('\n')[0] };
  }
};
const fmt = (r) => (r.error ? `unavailable (${r.error})` : `${r.total.toFixed(1)} s (read ${r.read.toFixed(1)} s, preprocess + split ${r.rest.toFixed(1)} s), peak RSS ${Math.round(r.peakMiB)} MiB = ${(r.peakMiB / (size / 2 ** 20)).toFixed(2)}× the file, ${r.rows.toLocaleString('en-US')} rows → ${r.inputs} inputs`);
console.log(`file      ${file}: ${(size / 2 ** 20).toFixed(0)} MiB`);
for (const form of forms) {
  const node = attempt(process.execPath, ['--input-type=module', '-e', nodeSide(form)]);
  // pandas may need many times the file's size: it runs under an address-space limit
  // (PANDAS_MAX_GIB, default 18) so that it fails with a MemoryError instead of the machine swapping.
  const limit = Math.round(Number(process.env.PANDAS_MAX_GIB ?? 18) * 1024 * 1024);
  const pandas = attempt('sh', ['-c', `ulimit -v ${limit} && exec "$0" -c "$1"`, process.env.PYTHON ?? 'python3', pandasSide(form)]);
  console.log(`${form}`);
  console.log(`  @backprop/data  ${fmt(node)}`);
  console.log(`  pandas          ${fmt(pandas)}`);
  if (!pandas.error && !node.error) console.log(`  ratio     time ${(node.total / pandas.total).toFixed(2)}× pandas, peak RSS ${(node.peakMiB / pandas.peakMiB).toFixed(2)}× pandas`);
}
