// Matmul throughput, n×n×n for n = 256, 512, 1024 and each transpose case, on wasm (one thread
// and all threads) beside backend-js and tfjs on its wasm engine. Rounds interleave the
// contenders (A B C D, A B C D, …) so that a change in the machine's load hits all of them; each
// figure is the median over rounds, and each ratio is the median of the per-round ratios.
// "cpu" columns (wasm on one thread, tfjs, which runs one thread in Node) divide by CPU time
// instead of wall time: on a machine shared with other work they show what a kernel does with the
// CPU it gets. Args: [rounds] [sizes...]
import { CONTENDERS, coresAvailable, loadLine, median, timed } from './harness.mjs';

const rounds = Number(process.argv[2] ?? 5);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [256, 512, 1024];
const VARIANTS = [
  ['NN', false, false],
  ['TN', true, false],
  ['NT', false, true],
  ['TT', true, true],
];
const names = ['wasm/single', 'wasm/threads', 'js/1 thread', 'tfjs/wasm'];
const backends = {};
for (const name of names) backends[name] = await CONTENDERS[name]();
console.log(`matmul GFLOP/s, float32, median of ${rounds} interleaved rounds; wasm/threads on ${backends['wasm/threads'].info.threads} threads`);
console.log(loadLine());
console.log(`cores this process got with 2 threads spinning (CPU time / wall time): ${(await coresAvailable(2)).toFixed(2)}`);
console.log(['size', 'case', ...names.map((n) => n.padStart(12)), 'cpu:wasm/1'.padStart(11), 'cpu:tfjs'.padStart(9), 'threads÷single'.padStart(15), 'wasm÷tfjs'.padStart(10)].join('  '));

function once(backend, a, b, ta, tb, reps) {
  return timed(() => {
    for (let i = 0; i < reps; i++) backend.dispose(backend.matmul(a, b, ta, tb));
  });
}

for (const n of sizes) {
  const values = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.5);
  const reps = Math.max(1, Math.round(4e8 / n ** 3));
  for (const [label, ta, tb] of VARIANTS) {
    const rates = Object.fromEntries(names.map((name) => [name, []]));
    const cpuRates = [];
    const tfjsCpuRates = [];
    const scaling = [];
    const vsTfjs = [];
    const inputs = Object.fromEntries(names.map((name) => [name, [backends[name].fromArray(values, n, n), backends[name].fromArray(values, n, n)]]));
    for (const name of names) await once(backends[name], ...inputs[name], ta, tb, 1); // warm-up
    for (let r = 0; r < rounds; r++) {
      const round = {};
      for (const name of names) {
        const t = await once(backends[name], ...inputs[name], ta, tb, reps);
        round[name] = (2 * n ** 3 * reps) / t.wall / 1e9;
        rates[name].push(round[name]);
        if (name === 'wasm/single') cpuRates.push((2 * n ** 3 * reps) / t.cpu / 1e9);
        if (name === 'tfjs/wasm') tfjsCpuRates.push((2 * n ** 3 * reps) / t.cpu / 1e9);
      }
      scaling.push(round['wasm/threads'] / round['wasm/single']);
      vsTfjs.push(round['wasm/single'] / round['tfjs/wasm']);
    }
    for (const name of names) for (const h of inputs[name]) backends[name].dispose(h);
    const cells = names.map((name) => median(rates[name]).toFixed(2).padStart(12));
    console.log([String(n).padEnd(4), label.padEnd(4), ...cells, median(cpuRates).toFixed(2).padStart(11), median(tfjsCpuRates).toFixed(2).padStart(9), `${median(scaling).toFixed(2)}×`.padStart(15), `${median(vsTfjs).toFixed(2)}×`.padStart(10)].join('  '));
  }
}
console.log(loadLine());
console.log(`cores this process got with 2 threads spinning (CPU time / wall time): ${(await coresAvailable(2)).toFixed(2)}`);
for (const b of Object.values(backends)) b.close?.();
