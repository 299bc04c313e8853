// Training throughput of backend-js on the four shared workloads, through core's public fit(),
// with the shared harness of @backprop/conformance. Imports built files by relative path:
// conformance depends on backend-js, so backend-js cannot list conformance as a dependency.
// Needs `pnpm turbo run build --filter @backprop/conformance...` (or `pnpm build`) first;
// `pnpm bench:train` rebuilds this package and runs it. Args: workload names (default all four).
import { createJsBackend } from '../dist/index.js';
import { availableCores } from '../dist/bench/matmul-bench.js';
import { WORKLOADS, benchmarkTraining, formatTrainingTable } from '../../conformance/dist/bench/index.js';

const names = process.argv.length > 2 ? process.argv.slice(2) : ['seed', 'xor', 'mnist-like', 'wide'];
const results = [];
for (const name of names) {
  const workload = WORKLOADS[name];
  if (workload === undefined) throw new Error(`bench: unknown workload ${JSON.stringify(name)}; expected one of ${Object.keys(WORKLOADS).join(', ')}`);
  for (const threads of [1, undefined]) {
    const backend = createJsBackend(threads === undefined ? {} : { threads });
    await backend.threadsReady();
    if (backend.info.threads > 1) console.error(`cores this process got with ${backend.info.threads} threads spinning: ${(await availableCores(backend.info.threads)).toFixed(2)}`);
    try {
      const runs = name === 'wide' ? 3 : 5;
      const result = await benchmarkTraining(backend, workload, { runs });
      results.push({ ...result, engine: `${result.engine}, ${backend.info.threads} thread${backend.info.threads > 1 ? 's' : ''}` });
      console.error(`${name} on ${backend.info.threads} thread(s): ${Math.round(result.samplesPerSecond)} samples/s (runs ${result.runs.map((r) => Math.round(r)).join(', ')})`);
    } finally {
      backend.close();
    }
  }
}
console.log(formatTrainingTable(results));
