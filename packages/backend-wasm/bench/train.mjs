// Training throughput on the shared workloads (seed, xor, mnist-like, wide) through core's public
// fit(): wasm on one thread and on all threads, beside backend-js and tfjs on its wasm engine.
// Rounds interleave the contenders so that a change in the machine's load hits all of them;
// figures are medians over rounds, ratios the medians of per-round ratios. "per CPU-second"
// divides by the CPU time of all the process's threads instead of wall time: on a machine shared
// with other work it shows what each backend does with the CPU it gets. Also prints each
// backend's loss after the first epoch (the conformance bench's comparable loss), which must
// agree with backend-js to 4 digits. Args: [rounds] [workloads...]
import { createNetwork, evaluate, fit } from '../../core/dist/index.js';
import { WORKLOADS, workloadData } from '../../conformance/dist/bench/index.js';
import { CONTENDERS, loadLine, median, timed } from './harness.mjs';

const rounds = Number(process.argv[2] ?? 5);
const names = process.argv.length > 3 ? process.argv.slice(3) : ['seed', 'xor', 'mnist-like', 'wide'];
const contenders = ['js/float32', 'tfjs/wasm', 'wasm/single', 'wasm/threads'];
const backends = {};
for (const name of contenders) backends[name] = await CONTENDERS[name]();
console.log(`training samples/s, median of ${rounds} interleaved rounds; threads: wasm ${backends['wasm/threads'].info.threads}, js ${backends['js/float32'].info.threads}`);
console.log(loadLine());

for (const workloadName of names) {
  const workload = WORKLOADS[workloadName];
  const { x, y } = workloadData(workload);
  const common = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
  const state = {};
  for (const name of contenders) {
    const network = createNetwork(backends[name], workload.network);
    const first = await fit(network, x, y, { ...common, epochs: 1 });
    const loss = (await evaluate(network, x, y)).loss;
    // Epochs per timed run: about 0.4 s on this contender, judged from a warm epoch.
    const warm = await timed(() => fit(network, x, y, { ...common, epochs: 1 }));
    state[name] = { network, loss, path: first.path, epochs: Math.max(1, Math.min(20_000, Math.round(0.4 / warm.wall))), rates: [], cpuRates: [] };
  }
  const ratios = { 'wasm/threads÷tfjs': [], 'wasm/single÷tfjs': [], 'wasm/threads÷js': [], 'wasm/single÷js': [] };
  for (let r = 0; r < rounds; r++) {
    const round = {};
    for (const name of contenders) {
      const s = state[name];
      const t = await timed(() => fit(s.network, x, y, { ...common, epochs: s.epochs }));
      round[name] = (s.epochs * x.rows) / t.wall;
      s.rates.push(round[name]);
      s.cpuRates.push((s.epochs * x.rows) / t.cpu);
    }
    ratios['wasm/threads÷tfjs'].push(round['wasm/threads'] / round['tfjs/wasm']);
    ratios['wasm/single÷tfjs'].push(round['wasm/single'] / round['tfjs/wasm']);
    ratios['wasm/threads÷js'].push(round['wasm/threads'] / round['js/float32']);
    ratios['wasm/single÷js'].push(round['wasm/single'] / round['js/float32']);
  }
  console.log(`\n${workloadName}: ${workload.description}`);
  for (const name of contenders) {
    const s = state[name];
    const perCpu = Math.round(median(s.cpuRates)).toLocaleString('en-US').padStart(12);
    console.log(`  ${name.padEnd(13)} ${Math.round(median(s.rates)).toLocaleString('en-US').padStart(12)} samples/s  ${perCpu} per CPU-second  path ${s.path}  loss after epoch 1 ${s.loss.toPrecision(6)}`);
    s.network.dispose();
  }
  console.log('  ' + Object.entries(ratios).map(([k, v]) => `${k} ${median(v).toFixed(2)}×`).join('   '));
}
console.log(loadLine());
for (const b of Object.values(backends)) b.close?.();
