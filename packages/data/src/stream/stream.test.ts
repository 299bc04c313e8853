/**
 * The streamed path against the in-memory one on the same file: the reader keeps few rows in
 * memory (a limit that throws) while reading a file many times that size; the one-pass fit gives
 * the in-memory Preprocessor's JSON (centers and everything else exactly, standard deviations
 * to the last bits: Welford against two passes); the streamed batches are the in-memory
 * matrices; the held-out split is seeded, the same every pass, and near the fraction per class.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../node.js';
import { Preprocessor } from '../preprocessor.js';
import type { FitOptions } from '../preprocessor.js';
import { fileDataset, streamedRows } from './file-dataset.js';
import { isHeldOut } from './held-out.js';
import { fitPreprocessorStreaming } from './stream-fit.js';
import { streamTable } from './table-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'bp-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 3000;
/** A seeded table: 3 numeric columns (one of wide range), 1 categorical, a 3-class target. */
function csvText(rows: number): string {
  let s = 1;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const lines = ['a,b,big,colour,label'];
  for (let i = 0; i < rows; i++) {
    const a = (next() * 10 - 5).toFixed(4);
    const b = (next() * 0.001).toExponential(3);
    const big = Math.round(next() * 1e9);
    const colour = ['red', 'green', 'blue', 'dark "grey"'][Math.floor(next() * 4)]!;
    const label = ['x', 'y', 'z'][Math.floor(next() * 3)];
    lines.push(`${a},${b},${big},${colour.includes('"') ? `"${colour.replace(/"/g, '""')}"` : colour},${label}`);
  }
  return `${lines.join('\n')}\n`;
}
const csvPath = join(dir, 'table.csv');
writeFileSync(csvPath, csvText(ROWS));
const small = { chunkBytes: 4096, rowsPerChunk: 64, maxRowsInMemory: 400 } as const;
const fitOptions: FitOptions = { target: 'label' };

describe('streamTable', () => {
  it('reads a file ~25x its row limit in chunks, every row once with its line, and refuses to hold more than the limit', async () => {
    let rows = 0;
    let lastLine = 1;
    for await (const chunk of streamTable(csvPath, small)) {
      expect(chunk.rows.length).toBeLessThanOrEqual(64);
      for (let r = 0; r < chunk.rows.length; r++) expect(chunk.lines![r]).toBe(++lastLine);
      rows += chunk.rows.length;
    }
    expect(rows).toBe(ROWS);
    const whole = readTable(csvPath);
    // A 64 KiB read holds ~1,500 rows: more than 400 wait at once.
    await expect(async () => {
      for await (const _ of streamTable(csvPath, { chunkBytes: 65536, maxRowsInMemory: 400 })) void _;
    }).rejects.toThrow(/more than 400 parsed rows waiting in memory/);
    expect(whole.rows.length).toBe(ROWS);
  });

  it('names the file and line of a ragged row and of bad JSON', async () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b\n1,2\n3\n');
    await expect(async () => {
      for await (const _ of streamTable(ragged)) void _;
    }).rejects.toThrow(/ragged\.csv line 3: expected 2 fields/);
    const nd = join(dir, 'bad.ndjson');
    writeFileSync(nd, '{"a":1,"b":"x"}\n{"a":2,\n');
    await expect(async () => {
      for await (const _ of streamTable(nd)) void _;
    }).rejects.toThrow(/bad\.ndjson line 2: not valid JSON/);
  });
});

describe('fitPreprocessorStreaming', () => {
  it('gives the in-memory Preprocessor JSON in one pass (standard deviations to ~1e-15)', async () => {
    const inMemory = Preprocessor.fit(readTable(csvPath), fitOptions).toJSON();
    const { preprocessor, rows } = await fitPreprocessorStreaming(streamTable(csvPath, small), fitOptions);
    const streamed = preprocessor.toJSON();
    expect(rows).toBe(ROWS);
    const scales = (j: typeof streamed): number[] => j.features.map((f) => (f.kind === 'numeric' ? f.scale : 0));
    scales(streamed).forEach((s, i) => expect(Math.abs(s - scales(inMemory)[i]!) / (s || 1)).toBeLessThan(1e-13));
    const withoutScales = (j: typeof streamed): unknown => ({ ...j, features: j.features.map((f) => (f.kind === 'numeric' ? { ...f, scale: 0 } : f)) });
    expect(withoutScales(streamed)).toEqual(withoutScales(inMemory));
    // minmax has no rounding to differ in: equal JSON.
    const minmax = { ...fitOptions, normalize: 'minmax' } as const;
    expect((await fitPreprocessorStreaming(streamTable(csvPath, small), minmax)).preprocessor.toJSON()).toEqual(Preprocessor.fit(readTable(csvPath), minmax).toJSON());
  });

  it('refuses as the in-memory fit does, naming the line; and median, which one pass cannot do', async () => {
    const gap = join(dir, 'gap.csv');
    writeFileSync(gap, 'a,label\n1,x\n,y\n3,x\n');
    await expect(fitPreprocessorStreaming(streamTable(gap), fitOptions)).rejects.toThrow(/gap\.csv line 3, column "a" is empty/);
    await expect(fitPreprocessorStreaming(streamTable(gap), { ...fitOptions, missing: 'median' })).rejects.toThrow(/missing 'median' needs every value/);
  });
});

describe('fileDataset and the held-out split', () => {
  it('streams the same matrices as the in-memory transform, in file order, in batches', async () => {
    const { preprocessor } = await fitPreprocessorStreaming(streamTable(csvPath, small), fitOptions);
    const table = readTable(csvPath);
    const x = preprocessor.transform(table).data;
    const y = preprocessor.transformTarget(table).data;
    const dataset = fileDataset(csvPath, { ...small, preprocessor, batchSize: 100 });
    const xs: number[] = [];
    const ys: number[] = [];
    let batches = 0;
    for await (const b of dataset.batches(1)) {
      batches++;
      xs.push(...Array.from(b.x.data as Float64Array));
      ys.push(...Array.from(b.y.data as Float64Array));
    }
    expect(batches).toBe(30);
    expect(Float64Array.from(xs)).toEqual(x);
    expect(Float64Array.from(ys)).toEqual(y);
  });

  it('holds out a seeded share, the same every pass, near the fraction in each class, train and test disjoint', async () => {
    const split = { testFraction: 0.2, seed: 7 };
    const collect = async (part: 'train' | 'test', seed = 7): Promise<{ lines: number[]; perClass: Map<string, number> }> => {
      const lines: number[] = [];
      const perClass = new Map<string, number>();
      for await (const t of streamedRows(csvPath, { ...small, split: { ...split, seed }, part })) {
        lines.push(...Array.from(t.lines!));
        for (const r of t.rows) perClass.set(String(r.label), (perClass.get(String(r.label)) ?? 0) + 1);
      }
      return { lines, perClass };
    };
    const test = await collect('test');
    const train = await collect('train');
    expect(test.lines.length + train.lines.length).toBe(ROWS);
    expect(new Set([...test.lines, ...train.lines]).size).toBe(ROWS);
    expect((await collect('test')).lines).toEqual(test.lines);
    expect((await collect('test', 8)).lines).not.toEqual(test.lines);
    // ~1,000 rows a class: 200 ± 13 (sd) held out; 4 sd is a bound a correct hash never crosses here.
    for (const [label, n] of test.perClass) {
      const all = n + (train.perClass.get(label) ?? 0);
      expect(Math.abs(n - 0.2 * all)).toBeLessThan(4 * Math.sqrt(all * 0.2 * 0.8));
    }
    expect(isHeldOut(test.lines[0]!, split)).toBe(true);
  });
});

describe('streamTable on a file that is not a table', () => {
  it('refuses a record longer than maxRecordBytes (a file without line breaks is not held whole)', async () => {
    const flat = join(dir, 'flat.csv');
    writeFileSync(flat, `a,b\n${'9'.repeat(100_000)},1\n`);
    await expect(async () => {
      for await (const _ of streamTable(flat, { chunkBytes: 4096, maxRecordBytes: 10_000 })) void _;
    }).rejects.toThrow(/flat\.csv line 2: a line longer than 10000 bytes \(maxRecordBytes\)/);
  });
});
