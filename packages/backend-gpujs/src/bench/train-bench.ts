/**
 * Training throughput of gpu.js's own modes (headlessgl and webasm) on the four shared
 * workloads, then a [w → w → 10] network trained at batch 64 for growing widths w. Run with
 * `pnpm bench:train`. This package knows only core and gpu.js: the comparison with the other
 * backends (where headless GL starts to beat them) is `backprop bench` and `backprop gpu-check`,
 * which read the backend registry (`backprop bench --backends js,gpujs/headlessgl --layers 512-512-10`).
 */
import { WORKLOADS, benchmarkTraining, formatTrainingTable, type TrainingBenchResult, type Workload, type WorkloadName } from '@backprop/conformance/bench';
import { createGpujsBackend } from '../create-gpujs-backend.js';

const NAMES: WorkloadName[] = ['seed', 'xor', 'mnist-like', 'wide'];

function crossoverWorkload(width: number): Workload {
  return {
    name: `width ${width}`,
    description: `${width}-${width}-10 ReLU/softmax, batch 64`,
    network: {
      inputSize: width,
      layers: [{ units: width, activation: 'relu' }, { units: 10, activation: 'softmax' }],
      loss: 'softmaxCrossEntropy',
      seed: 42,
    },
    optimizer: { kind: 'sgd', lr: 0.01 },
    batchSize: 64,
    samples: 1024,
  };
}

export async function main(args: readonly string[] = []): Promise<void> {
  const names = args.length > 0 ? (args as WorkloadName[]) : NAMES;
  const results: TrainingBenchResult[] = [];
  const backends = () => [createGpujsBackend({ mode: 'headlessgl' }), createGpujsBackend({ mode: 'webasm' })];
  for (const name of names) {
    const workload = WORKLOADS[name];
    // Small workloads get more samples per run so a run lasts long enough to time.
    const samples = name === 'wide' ? 512 : name === 'mnist-like' ? 2048 : undefined;
    const runs = name === 'wide' ? 3 : 5;
    for (const backend of backends()) {
      results.push(await benchmarkTraining(backend, workload, { runs, ...(samples ? { samples } : {}) }));
      backend.close?.();
    }
  }
  // Ratios against this package's first mode run on each workload (headless GL).
  console.log(formatTrainingTable(results, 'gpujs'));
  console.log('\nwidths: [w → w → 10] ReLU/softmax, batch 64');
  const cross: TrainingBenchResult[] = [];
  for (const width of [64, 128, 256, 512, 1024]) {
    for (const backend of backends().slice(0, 1)) {
      cross.push(await benchmarkTraining(backend, crossoverWorkload(width), { runs: 3, samples: 512 }));
      backend.close?.();
    }
  }
  console.log(formatTrainingTable(cross, 'gpujs'));
}
