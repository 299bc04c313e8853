/**
 * Training benchmark: the four shared workloads on tfjs's wasm and cpu engines (and tensorflow
 * where tfjs-node loads), median samples/s through core's public `fit`. Not a timed test:
 * figures depend on the machine; the README quotes them. This package knows only core and
 * tfjs: the comparison with the other backends is `backprop bench` (the backend registry's
 * bench: `backprop bench --backends js,tfjs`).
 * Run: `pnpm --filter @backprop/backend-tfjs bench`.
 */
import type { Backend } from '@backprop/core';
import { benchmarkTraining, formatTrainingTable, WORKLOADS, type TrainingBenchResult, type WorkloadName } from '@backprop/conformance/bench';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { loadNativeEngine, type TfjsEngine } from '../engines.js';

const WORKLOAD_NAMES: readonly WorkloadName[] = ['seed', 'xor', 'mnist-like', 'wide'];

/** The cpu engine trains wide at a few samples/s: a smaller epoch keeps the run in minutes. */
function samplesFor(engine: string, workload: WorkloadName): number | undefined {
  return engine === 'cpu' && workload === 'wide' ? 256 : undefined;
}

export async function main(): Promise<void> {
  const only = process.env.BENCH_WORKLOADS?.split(',') as WorkloadName[] | undefined;
  const workloads = only ?? WORKLOAD_NAMES;
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const engines: TfjsEngine[] = loadNativeEngine().loaded ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  const contenders: { label: string; create: () => Promise<Backend> | Backend }[] = engines.map((engine) => ({ label: `tfjs ${engine}`, create: () => createTfjsBackend({ engine }) }));
  const results: TrainingBenchResult[] = [];
  for (const name of workloads) {
    for (const contender of contenders) {
      const backend = await contender.create();
      const samples = samplesFor(backend.info.engine, name);
      results.push(await benchmarkTraining(backend, WORKLOADS[name], { runs, ...(samples ? { samples } : {}) }));
      backend.close?.();
      console.error(`done: ${name} on ${contender.label}`);
    }
  }
  // Ratios against this package's first engine run on each workload (tensorflow where it loads, else wasm).
  console.log(formatTrainingTable(results, 'tfjs'));
}
