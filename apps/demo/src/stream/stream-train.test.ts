/**
 * Streaming end to end. In process, on backend-js (float32 and float64): a file streamed with a
 * small memory limit (a 4 KiB read, 32-row chunks, and a reader that throws past 200 waiting
 * rows) trains the same model, bit for bit, as the in-memory path (the whole table read, the
 * same preprocessing, fit on the ops path) on the same rows in the same order. Through the built
 * CLI: `train --data file --stream` trains, measures the held-out rows, saves a model predict
 * reads; unsupported flags are refused by name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { createNetwork, fit, fitDataset, type Network, type NetworkSpec } from '@backprop/core';
import { fitPreprocessorStreaming } from '@backprop/data';
import { fileDataset, readTable, streamTable } from '@backprop/data/node';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli, scratchDir } from '../test-support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bp-stream-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 2400;
function writeTable(path: string, rows: number): void {
  let s = 9;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const lines = ['x1,x2,x3,shape,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = next() * 4 - 2;
    const x2 = next() * 4 - 2;
    const shape = ['round', 'square', 'flat'][Math.floor(next() * 3)]!;
    const label = x1 * x2 + (shape === 'round' ? 0.5 : 0) > 0 ? 'a' : 'b';
    lines.push(`${x1.toFixed(5)},${x2.toFixed(5)},${(next() * 100).toFixed(2)},${shape},${label}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
const csv = join(dir, 'shapes.csv');
writeTable(csv, ROWS);

async function weightsOf(net: Network): Promise<number[]> {
  return (await net.getWeights()).flatMap((l) => [...l.w, ...l.b]);
}

describe('streamed training', () => {
  it.each(['float32', 'float64'] as const)('a file streamed under a 200-row memory limit trains the model the in-memory path trains, bit for bit (backend-js %s)', async (precision) => {
    const limit = { chunkBytes: 4096, rowsPerChunk: 32, maxRowsInMemory: 200 };
    const { preprocessor } = await fitPreprocessorStreaming(streamTable(csv, limit), { target: 'label' });
    const backend = createJsBackend({ precision });
    const spec: NetworkSpec = { inputSize: preprocessor.inputSize, layers: [{ units: 8, activation: 'relu' }, { units: 2, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 4 };
    const optimizer = { kind: 'adam', lr: 0.01 } as const;
    const table = readTable(csv);
    const x = preprocessor.transform(table);
    const y = preprocessor.transformTarget(table);
    const inMemory = createNetwork(backend, spec);
    const h1 = await fit(inMemory, x, y, { epochs: 2, batchSize: 50, shuffle: false, path: 'ops', optimizer });
    const streamed = createNetwork(backend, spec);
    const h2 = await fitDataset(streamed, fileDataset(csv, { ...limit, preprocessor, batchSize: 50 }), { epochs: 2, optimizer });
    expect(h2.epochs.map((e) => e.loss)).toEqual(h1.epochs.map((e) => e.loss));
    expect(await weightsOf(streamed)).toEqual(await weightsOf(inMemory));
    expect(h2.samples).toBe(2 * ROWS);
  });

  it('backprop train --data --stream trains with a held-out split, saves a model that predict reads, and refuses what it cannot do yet', async () => {
    const scratch = scratchDir();
    const model = join(scratch, 'model.json');
    const run = await runCli(['train', '--data', csv, '--target', 'label', '--stream', '--backend', 'js', '--epochs', '3', '--batch-size', '32', '--shuffle-buffer', '500', '--lr', '0.02', '--out', model, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ streamed: boolean; dataset: { trainSamples: number; testSamples: number; classes: string[] }; test: { accuracy: number; rows: number }; history: { epochs: unknown[] } }>(run);
    expect(doc.streamed).toBe(true);
    expect(doc.dataset.trainSamples + doc.dataset.testSamples).toBe(ROWS);
    expect(Math.abs(doc.dataset.testSamples - 0.2 * ROWS)).toBeLessThan(4 * Math.sqrt(ROWS * 0.16));
    expect(doc.dataset.classes).toEqual(['a', 'b']);
    expect(doc.history.epochs).toHaveLength(3);
    expect(doc.test.accuracy).toBeGreaterThan(0.8);
    expect(run.stderr).toMatch(/shapes epoch 3\/3 {2}loss [\d.]+ {2}[\d,]+ rows\/s/);
    // A few rows: predict's --json of every row of a large file is cut short on a pipe (see the report).
    const few = join(scratch, 'few.csv');
    writeTable(few, 100);
    const predicted = await runCli(['predict', '--model', model, '--data', few, '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(jsonOf<{ accuracy: number }>(predicted).accuracy).toBeGreaterThan(0.8);
    const refused = await runCli(['train', '--data', csv, '--target', 'label', '--stream', '--early-stopping', '2', '--backend', 'js']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--early-stopping is not supported when the data is streamed yet/);
  }, 120_000);
});
