// Small networks against synaptic 1.1.4 (Architect.Perceptron + Trainer, one train call per
// epoch, the way its README trains), in one process so the ratio is taken under the same load.
// Workloads: the bench's seed (1-2-2, 1,000 samples, batch 1) and xor (2-8-1, 4 samples, batch 4
// for backprop; synaptic trains online, one sample at a time).
//
// synaptic is not a dependency of this repo: install it anywhere outside it and say where:
//   npm install --prefix /tmp/synaptic synaptic@1.1.4
//   SYNAPTIC=/tmp/synaptic/node_modules/synaptic node bench/vs-synaptic.mjs
// Needs the built packages (`pnpm turbo run build --filter @backprop/backend-js...`).
// BACKPROP_ROOT points at another checkout's packages/ folder (built) to compare before/after.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const synapticPath = process.env.SYNAPTIC;
if (!synapticPath) {
  console.error('vs-synaptic: set SYNAPTIC to an installed synaptic@1.1.4 folder (npm install --prefix /tmp/synaptic synaptic@1.1.4)');
  process.exit(2);
}
const synaptic = createRequire(import.meta.url)(path.resolve(synapticPath));
const root = process.env.BACKPROP_ROOT ? path.resolve(process.env.BACKPROP_ROOT) : path.resolve(import.meta.dirname, '..', '..');
const core = await import(pathToFileURL(path.join(root, 'core/dist/index.js')).href);
const { createJsBackend } = await import(pathToFileURL(path.join(root, 'backend-js/dist/index.js')).href);
const { WORKLOADS, workloadData } = await import(pathToFileURL(path.join(import.meta.dirname, '../../conformance/dist/bench/index.js')).href);

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const RUNS = Number(process.env.RUNS ?? 7);
const SECONDS = Number(process.env.SECONDS ?? 0.3);

function rows(m) {
  const out = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.slice(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/** synaptic: samples/s of `epochs` train calls of one iteration each. */
function synapticRate(workload, epochs) {
  const { x, y } = workloadData(workload);
  const set = rows(x).map((input, i) => ({ input, output: rows(y)[i] }));
  const sizes = [workload.network.inputSize, ...workload.network.layers.map((l) => l.units)];
  const net = new synaptic.Architect.Perceptron(...sizes);
  const trainer = new synaptic.Trainer(net);
  const opts = { rate: workload.optimizer.lr, iterations: 1, error: -1, shuffle: false, cost: synaptic.Trainer.cost.MSE };
  for (let i = 0; i < 20; i++) trainer.train(set, opts);
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) trainer.train(set, opts);
  return (epochs * set.length) / ((performance.now() - t0) / 1000);
}

/** backprop on backend-js: samples/s, either one fit call for all epochs or one fit call per epoch. */
async function backpropRate(workload, epochs, perEpochCalls) {
  const { x, y } = workloadData(workload);
  const backend = createJsBackend({ threads: 1 });
  const net = core.createNetwork(backend, workload.network);
  const options = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
  await core.fit(net, x, y, { ...options, epochs: 20 });
  const t0 = performance.now();
  if (perEpochCalls) for (let e = 0; e < epochs; e++) await core.fit(net, x, y, { ...options, epochs: 1 });
  else await core.fit(net, x, y, { ...options, epochs });
  const rate = (epochs * x.rows) / ((performance.now() - t0) / 1000);
  net.dispose();
  backend.close();
  return rate;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
console.log(`runs ${RUNS}, ~${SECONDS}s each; medians in samples/s`);
console.log(`${'workload'.padEnd(10)} ${'synaptic'.padStart(12)} ${'js one fit'.padStart(12)} ${'ratio'.padStart(7)} ${'js fit/epoch'.padStart(12)} ${'ratio'.padStart(7)}`);
for (const name of ['seed', 'xor']) {
  const workload = WORKLOADS[name];
  // Epochs per timed run: about SECONDS at synaptic's speed.
  const probe = synapticRate(workload, 50);
  const epochs = Math.max(10, Math.round((probe * SECONDS) / workload.samples));
  const s = [];
  const one = [];
  const per = [];
  for (let r = 0; r < RUNS; r++) {
    // Interleaved, so that a load change touches every contender alike.
    s.push(synapticRate(workload, epochs));
    one.push(await backpropRate(workload, epochs, false));
    per.push(await backpropRate(workload, epochs, true));
  }
  const [ms, mo, mp] = [median(s), median(one), median(per)];
  if (process.env.VERBOSE) console.log(name, { synaptic: s.map(Math.round), one: one.map(Math.round), perEpoch: per.map(Math.round) });
  console.log(`${name.padEnd(10)} ${fmt(ms)} ${fmt(mo)} ${(mo / ms).toFixed(2).padStart(6)}× ${fmt(mp)} ${(mp / ms).toFixed(2).padStart(6)}×`);
}
