#!/usr/bin/env node
/**
 * Benchmark (not a test): training from a file streamed from disk against training from the
 * same rows in memory, on backend-wasm. Generates a CSV of 30 numeric and 5 categorical columns
 * (and a 3-class label) of the given size in a folder, then, each in its own process:
 *   - stream: the preprocessing fitted in one streaming pass, then one epoch of fitDataset over
 *     the file (seeded shuffle buffer of 10,000 rows), batch 128: pass seconds, rows/s, peak RSS;
 *   - memory: the first SLICE MiB of the same file read whole, preprocessed in memory and trained
 *     one epoch with fit (shuffled, batch 128): rows/s, peak RSS;
 *   - stream-slice: the streamed path on that same slice (rows/s on identical rows).
 * Deletes the generated files at the end. Needs the packages built (`pnpm --filter @backprop/demo^... build`).
 *
 *   node packages/data/bench/stream-train.mjs [MiB=2048] [SLICE=200] [folder=/tmp/bp-stream-bench]
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');
const BATCH = 128;
const BUFFER = 10_000;
const HIDDEN = 32;

async function child(mode, file) {
  const core = await import(join(root, 'packages/core/dist/index.js'));
  const data = await import(join(root, 'packages/data/dist/index.js'));
  const node = await import(join(root, 'packages/data/dist/node.js'));
  const { createWasmBackend } = await import(join(root, 'packages/backend-wasm/dist/index.js'));
  const backend = await createWasmBackend();
  const options = { target: 'label' };
  const specFor = (p) => ({ inputSize: p.inputSize, layers: [{ units: HIDDEN, activation: 'relu' }, { units: p.outputSize, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 1 });
  const out = { mode, file, bytes: statSync(file).size };
  if (mode === 'memory') {
    let t = performance.now();
    // Over 256 MiB only with a raised limit: this is the in-memory path being measured.
    const table = node.readTable(file, { maxBytes: 2 ** 31 });
    const p = data.Preprocessor.fit(table, options);
    const x = p.transform(table);
    const y = p.transformTarget(table);
    out.prepareSeconds = (performance.now() - t) / 1000;
    out.rows = x.rows;
    const net = core.createNetwork(backend, specFor(p));
    t = performance.now();
    const h = await core.fit(net, x, y, { epochs: 1, batchSize: BATCH, optimizer: core.adam(0.01), seed: 1 });
    out.trainSeconds = (performance.now() - t) / 1000;
    out.rowsPerSecond = x.rows / out.trainSeconds;
    out.loss = h.epochs[0].loss;
    out.path = h.path;
  } else {
    let t = performance.now();
    const { preprocessor, rows } = await data.fitPreprocessorStreaming(node.streamTable(file), options);
    out.preprocessSeconds = (performance.now() - t) / 1000;
    out.rows = rows;
    const net = core.createNetwork(backend, specFor(preprocessor));
    const dataset = core.shuffled(node.fileDataset(file, { preprocessor, batchSize: BATCH }), { bufferSize: BUFFER, seed: 1, batchSize: BATCH });
    t = performance.now();
    const h = await core.fitDataset(net, dataset, { epochs: 1, optimizer: core.adam(0.01) });
    out.trainSeconds = (performance.now() - t) / 1000;
    out.rowsPerSecond = rows / out.trainSeconds;
    out.loss = h.epochs[0].loss;
  }
  out.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

/** 30 numeric columns (2 decimals), 5 categorical (4–12 values), a 3-class label that depends on a few of them; deterministic. */
function generate(file, mib) {
  const fd = openSync(file, 'w');
  const header = [...Array.from({ length: 30 }, (_, i) => `n${i}`), ...Array.from({ length: 5 }, (_, i) => `c${i}`), 'label'];
  writeSync(fd, `${header.join(',')}\n`);
  const sizes = [4, 6, 8, 10, 12];
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  let bytes = 0;
  let rows = 0;
  const target = mib * 1024 * 1024;
  while (bytes < target) {
    const lines = [];
    for (let k = 0; k < 20000; k++, rows++) {
      const cells = [];
      let score = 0;
      for (let c = 0; c < 30; c++) {
        const v = next() * 4 - 2;
        if (c < 3) score += v;
        cells.push(v.toFixed(2));
      }
      for (let c = 0; c < 5; c++) {
        const k2 = Math.floor(next() * sizes[c]);
        if (c === 0) score += k2 - 1.5;
        cells.push(`k${k2}`);
      }
      cells.push(score > 1 ? 'hi' : score < -1 ? 'lo' : 'mid');
      lines.push(cells.join(','));
    }
    const chunk = `${lines.join('\n')}\n`;
    writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  closeSync(fd);
  return rows;
}

/** The first `mib` MiB of `file`, cut at a line end. */
function slice(file, to, mib) {
  const src = openSync(file, 'r');
  const dst = openSync(to, 'w');
  const buf = Buffer.alloc(mib * 1024 * 1024);
  const n = readSync(src, buf, 0, buf.length, 0);
  const end = buf.lastIndexOf(10, n - 1) + 1;
  writeSync(dst, buf, 0, end);
  closeSync(src);
  closeSync(dst);
}

function run(mode, file) {
  const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const result = JSON.parse(line.trim().split('\n').pop());
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  const mib = Number(process.argv[2] ?? 2048);
  const sliceMib = Number(process.argv[3] ?? 200);
  const folder = process.argv[4] ?? '/tmp/bp-stream-bench';
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `big-${mib}MiB.csv`);
  const part = join(folder, `slice-${sliceMib}MiB.csv`);
  try {
    let t = performance.now();
    const rows = generate(file, mib);
    process.stdout.write(`generated ${file}: ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    slice(file, part, sliceMib);
    const memory = run('memory', part);
    const streamSlice = run('stream', part);
    const big = run('stream', file);
    process.stdout.write(
      [
        '',
        `streamed ${(big.bytes / 2 ** 20).toFixed(0)} MiB, ${big.rows.toLocaleString('en-US')} training rows: preprocessing pass ${big.preprocessSeconds.toFixed(1)} s, one epoch ${big.trainSeconds.toFixed(1)} s = ${Math.round(big.rowsPerSecond).toLocaleString('en-US')} rows/s, peak RSS ${big.peakRssMiB.toFixed(0)} MiB (target ≤ 400 MB)`,
        `in memory, ${sliceMib} MiB slice (${memory.rows.toLocaleString('en-US')} rows): ${Math.round(memory.rowsPerSecond).toLocaleString('en-US')} rows/s (fit path ${memory.path}), peak RSS ${memory.peakRssMiB.toFixed(0)} MiB`,
        `streamed, same slice: ${Math.round(streamSlice.rowsPerSecond).toLocaleString('en-US')} rows/s, peak RSS ${streamSlice.peakRssMiB.toFixed(0)} MiB`,
        `streamed / in-memory rows/s: big file ${(big.rowsPerSecond / memory.rowsPerSecond).toFixed(2)}, slice ${(streamSlice.rowsPerSecond / memory.rowsPerSecond).toFixed(2)} (target ≥ 0.70)`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
