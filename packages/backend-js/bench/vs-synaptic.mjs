// Small networks against synaptic 1.1.4, in one process so the ratio is taken under the same load.
//
// Two patterns:
// 1. The bench's workloads (Architect.Perceptron + Trainer, one train call per epoch, the way its
//    README trains): seed (1-2-2, 1,000 samples, batch 1) and xor (2-8-1, 4 samples, batch 4 for
//    backprop; synaptic trains online, one sample at a time); backprop in one fit call, and in one
//    fit call per epoch.
// 2. The way a peer benchmark calls every library: one call trains 1,000 epochs,
//    `fit(net, x, y, { epochs: 1000, batchSize, shuffle: false, optimizer })` with one optimizer
//    state (createOptimizer) reused across calls, against `trainer.train(set, { iterations: 1000 })`,
//    timed over repeated calls: the article's network (1-2-2 ReLU) on the article's one sample
//    (x = 0.5, y = [1, 0], batch 1) and xor (2-8-1, batch 4). Here fit's per-epoch work (history,
//    guard, orders) is what is seen: 1,000 epochs of one sample are 1,000 samples a call.
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

/** synaptic, the peer pattern: samples per CPU-second of `train(set, { iterations: 1000 })` calls for about SECONDS. */
function synapticPeerRate(sizes, x, y, lr) {
  const set = x.map((input, i) => ({ input, output: y[i] }));
  const trainer = new synaptic.Trainer(new synaptic.Architect.Perceptron(...sizes));
  const opts = { rate: lr, iterations: PEER_EPOCHS, error: -1, shuffle: false, cost: synaptic.Trainer.cost.MSE };
  trainer.train(set, opts);
  return timedCalls(() => trainer.train(set, opts), PEER_EPOCHS * set.length);
}

/** backprop, the peer pattern: samples per CPU-second of `fit(..., { epochs: 1000 })` calls for about SECONDS, one optimizer state throughout. */
async function backpropPeerRate(spec, x, y, lr, batchSize) {
  const backend = createJsBackend({ threads: 1 });
  const net = core.createNetwork(backend, spec);
  const optimizer = core.createOptimizer(net, core.sgd(lr));
  const options = { epochs: PEER_EPOCHS, batchSize, shuffle: false, optimizer };
  await core.fit(net, x, y, options);
  const rate = await timedCalls(() => core.fit(net, x, y, options), PEER_EPOCHS * x.length);
  optimizer.dispose();
  net.dispose();
  backend.close();
  return rate;
}

/**
 * Samples per CPU-second (this process's user + system time) of repeated calls for about
 * SECONDS of wall time: both contenders run on this thread only, and CPU time keeps other load
 * on a shared machine out of the ratio.
 */
async function timedCalls(call, samplesPerCall) {
  let calls = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < SECONDS * 1000) {
    await call();
    calls++;
  }
  const cpu = process.cpuUsage(cpu0);
  return (calls * samplesPerCall) / ((cpu.user + cpu.system) / 1e6);
}

const PEER_EPOCHS = 1000;
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
const only = (process.env.PATTERNS ?? 'workloads,peer').split(',');
console.log(`runs ${RUNS}, ~${SECONDS}s each; medians in samples/s`);
if (only.includes('workloads')) console.log(`${'workload'.padEnd(10)} ${'synaptic'.padStart(12)} ${'js one fit'.padStart(12)} ${'ratio'.padStart(7)} ${'js fit/epoch'.padStart(12)} ${'ratio'.padStart(7)}`);
for (const name of only.includes('workloads') ? ['seed', 'xor'] : []) {
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

if (only.includes('peer')) {
  console.log(`\npeer pattern: fit(net, x, y, { epochs: ${PEER_EPOCHS}, batchSize, shuffle: false, optimizer }) per call vs train(set, { iterations: ${PEER_EPOCHS} }); samples per CPU-second; ratio: median of per-run ratios`);
  console.log(`${'network'.padEnd(22)} ${'synaptic'.padStart(12)} ${'backprop js'.padStart(12)} ${'ratio'.padStart(7)}`);
  const xorData = workloadData(WORKLOADS.xor);
  const peers = [
    ['seed, article sample', [1, 2, 2], WORKLOADS.seed.network, [[0.5]], [[1, 0]], WORKLOADS.seed.optimizer.lr, 1],
    ['xor', [2, 8, 1], WORKLOADS.xor.network, rows(xorData.x), rows(xorData.y), WORKLOADS.xor.optimizer.lr, 4],
  ];
  for (const [label, sizes, spec, x, y, lr, batchSize] of peers) {
    const s = [];
    const b = [];
    for (let r = 0; r < RUNS; r++) {
      s.push(await synapticPeerRate(sizes, x, y, lr));
      b.push(await backpropPeerRate(spec, x, y, lr, batchSize));
    }
    const ratios = b.map((v, i) => v / s[i]);
    if (process.env.VERBOSE) console.log(label, { synaptic: s.map(Math.round), backprop: b.map(Math.round), ratios: ratios.map((r) => r.toFixed(2)) });
    console.log(`${label.padEnd(22)} ${fmt(median(s))} ${fmt(median(b))} ${median(ratios).toFixed(2).padStart(6)}×`);
  }
}
