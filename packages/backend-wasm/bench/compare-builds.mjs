// A/B of two builds of this package on the shared workloads, through core's public fit(): this
// build (dist/) against a baseline copy of an earlier build's dist/ folder. Both run in one
// process on the same core, in interleaved rounds (A B, B A, …), so a change in the machine's load
// hits both; the figure is the median over rounds of the per-round ratio of samples per
// CPU-second (CPU time of all the process's threads). Also prints each build's loss after the
// first epoch, which a kernel change must leave identical at the printed precision.
// Args: <baseline dist folder> [rounds] [workloads...]; build first (`pnpm build`).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createNetwork, evaluate, fit } from '../../core/dist/index.js';
import { WORKLOADS, workloadData } from '../../conformance/dist/bench/index.js';
import { loadLine, median, timed } from './harness.mjs';

const baselineDir = process.argv[2];
if (baselineDir === undefined) throw new Error('usage: node bench/compare-builds.mjs <baseline dist folder> [rounds] [workloads...]');
const rounds = Number(process.argv[3] ?? 5);
const names = process.argv.length > 4 ? process.argv.slice(4) : ['seed', 'xor', 'mnist-like', 'wide'];
const builds = {
  baseline: await import(pathToFileURL(resolve(baselineDir, 'index.js')).href),
  this: await import('../dist/index.js'),
};

console.log(`samples per CPU-second, median of ${rounds} interleaved rounds; baseline ${baselineDir}`);
console.log(loadLine());
for (const mode of ['single', 'threads']) {
  const backends = {};
  for (const [label, build] of Object.entries(builds)) {
    backends[label] = await build.createWasmBackend({ mode });
    await backends[label].threadsReady();
  }
  for (const workloadName of names) {
    const workload = WORKLOADS[workloadName];
    const { x, y } = workloadData(workload);
    const common = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
    const state = {};
    for (const [label, backend] of Object.entries(backends)) {
      const network = createNetwork(backend, workload.network);
      const first = await fit(network, x, y, { ...common, epochs: 1 });
      const loss = (await evaluate(network, x, y)).loss;
      const warm = await timed(() => fit(network, x, y, { ...common, epochs: 1 }));
      state[label] = { network, loss, path: first.path, epochs: Math.max(1, Math.min(20_000, Math.round(0.3 / warm.wall))), cpuRates: [], ratios: [] };
    }
    // Both builds run the same number of epochs per round: the baseline's count.
    const epochs = state.baseline.epochs;
    for (let r = 0; r < rounds; r++) {
      const round = {};
      // Alternate which build goes first, so that neither always inherits the other's garbage or warm caches.
      const order = r % 2 === 0 ? ['baseline', 'this'] : ['this', 'baseline'];
      for (const label of order) {
        const s = state[label];
        const t = await timed(() => fit(s.network, x, y, { ...common, epochs }));
        round[label] = (epochs * x.rows) / t.cpu;
        s.cpuRates.push(round[label]);
      }
      state.this.ratios.push(round.this / round.baseline);
    }
    const line = (label) => {
      const s = state[label];
      return `${label.padEnd(8)} ${Math.round(median(s.cpuRates)).toLocaleString('en-US').padStart(11)}/CPU-s  path ${s.path}  loss after epoch 1 ${s.loss.toPrecision(6)}`;
    };
    const ratios = state.this.ratios;
    console.log(
      `${mode.padEnd(7)} ${workloadName.padEnd(10)} this÷baseline ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})  | ${line('baseline')} | ${line('this')}`,
    );
    for (const s of Object.values(state)) s.network.dispose();
  }
  for (const b of Object.values(backends)) b.close();
}
console.log(loadLine());
