/**
 * What checkpoints cost (a benchmark, not a test): `node dist/checkpoint/checkpoint-bench.js`
 * after the demo's build. On backend-js float32, Adam:
 *
 * - one checkpoint of the mnist model (784-256-10, 203,530 parameters) and of a 2-million-
 *   parameter model (1000-2000-10), timed as the difference between fit with a checkpoint every
 *   epoch and fit without, over epochs of one 8-row batch (so training is a small part), per
 *   checkpoint, with the file size;
 * - training throughput (samples/s) of the mnist model on 6,000 rows (batch 64) with a
 *   checkpoint every epoch against none.
 *
 * Runs alternate between the two settings; medians of ROUNDS rounds are printed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { adam, createNetwork, fit, Random, type NetworkSpec } from '@backprop/core';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'backprop-checkpoint-bench-'));
const backend = createJsBackend();

function data(rows: number, inputs: number, classes: number): { x: { data: Float64Array; rows: number; cols: number }; y: { data: Float64Array; rows: number; cols: number } } {
  const random = new Random(7);
  const x = new Float64Array(rows * inputs).map(() => random.next());
  const y = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) y[r * classes + random.int(classes)] = 1;
  return { x: { data: x, rows, cols: inputs }, y: { data: y, rows, cols: classes } };
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function timedFit(spec: NetworkSpec, rows: number, batchSize: number, epochs: number, checkpoint: string | undefined): Promise<number> {
  const net = createNetwork(backend, spec);
  const { x, y } = data(rows, spec.inputSize, spec.layers.at(-1)!.units);
  const started = performance.now();
  await fit(net, x, y, { epochs, batchSize, optimizer: adam(0.001), ...(checkpoint ? { checkpoint: { path: checkpoint } } : {}) });
  const seconds = (performance.now() - started) / 1000;
  net.dispose();
  return seconds;
}

const layers = (...units: number[]): NetworkSpec['layers'] => units.map((u, i) => ({ units: u, activation: i === units.length - 1 ? 'softmax' : 'relu' }));
const models: [string, NetworkSpec][] = [
  ['mnist 784-256-10', { inputSize: 784, layers: layers(256, 10), loss: 'softmaxCrossEntropy' }],
  ['2M 1000-2000-10', { inputSize: 1000, layers: layers(2000, 10), loss: 'softmaxCrossEntropy' }],
];

const EPOCHS = 4;
for (const [name, spec] of models) {
  const file = join(dir, `${name.split(' ')[0]}.ckpt.json`);
  const costs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const without = await timedFit(spec, 8, 8, EPOCHS, undefined);
    const withCheckpoints = await timedFit(spec, 8, 8, EPOCHS, file);
    costs.push((withCheckpoints - without) / EPOCHS);
  }
  const params = spec.layers.reduce((n, l, i) => n + ((i === 0 ? spec.inputSize : spec.layers[i - 1]!.units) + 1) * l.units, 0);
  console.log(`${name}: ${params.toLocaleString('en')} parameters, one checkpoint ${(median(costs) * 1000).toFixed(0)} ms (median of ${ROUNDS}; range ${(Math.min(...costs) * 1000).toFixed(0)}-${(Math.max(...costs) * 1000).toFixed(0)} ms), file ${(statSync(file).size / 1e6).toFixed(1)} MB`);
}

const [, mnist] = models[0]!;
const ratios: number[] = [];
const rates = { none: [] as number[], every: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  const none = 6000 * 3 / (await timedFit(mnist, 6000, 64, 3, undefined));
  const every = 6000 * 3 / (await timedFit(mnist, 6000, 64, 3, join(dir, 'throughput.ckpt.json')));
  rates.none.push(none);
  rates.every.push(every);
  ratios.push(every / none);
}
console.log(`mnist 784-256-10, 6,000 rows, batch 64: ${median(rates.none).toFixed(0)} samples/s without checkpoints, ${median(rates.every).toFixed(0)} with one every epoch (ratio ${median(ratios).toFixed(3)}, median of ${ROUNDS})`);
rmSync(dir, { recursive: true, force: true });
