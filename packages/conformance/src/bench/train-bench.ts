/**
 * benchmarkTraining: median training throughput of a backend on a workload. Warm-up first
 * (compiles kernels, fills buffer pools), then several timed runs of whole epochs through the
 * public `fit`, so what is measured is what users get. Prints nothing: callers print.
 */
import { createNetwork, evaluate, fit, type Backend } from '@backprop/core';
import { flopsPerSample, workloadData, type Workload } from './workloads.js';

export interface TrainingBenchOptions {
  /** Timed runs; the median is reported. Default 5. */
  readonly runs?: number;
  /**
   * Epochs per timed run. Default: enough for a run to last about `minRunSeconds` (judged from
   * the warm-up epoch), so that a tiny workload measures training, not the cost of calling fit.
   */
  readonly epochsPerRun?: number;
  /** Default 0.25 s. */
  readonly minRunSeconds?: number;
  /** Samples per epoch; default the workload's. */
  readonly samples?: number;
}

export interface TrainingBenchResult {
  readonly workload: string;
  readonly backend: string;
  readonly engine: string;
  readonly samplesPerSecond: number;
  readonly msPerStep: number;
  readonly gflops: number;
  readonly runs: number[];
  /**
   * Loss on the benchmark data after the first epoch from the seed's initial weights: the same
   * work on every backend (the timed runs that follow differ in length), so a fast but wrong
   * backend stands out.
   */
  readonly finalLoss: number;
  /** 'host' when core's fused small-network path ran, else 'ops'. */
  readonly path: 'host' | 'ops';
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function benchmarkTraining(backend: Backend, workload: Workload, options: TrainingBenchOptions = {}): Promise<TrainingBenchResult> {
  const runs = options.runs ?? 5;
  const { x, y } = workloadData(workload, options.samples ?? workload.samples);
  const network = createNetwork(backend, workload.network);
  try {
    const common = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
    // Warm-up (compiles kernels, fills pools, lets the JIT settle): one epoch, whose loss every
    // backend must agree on, then doubling the epochs until a call lasts 50 ms, which also tells
    // how many epochs make a timed run of minRunSeconds.
    let h = await fit(network, x, y, { ...common, epochs: 1 });
    const finalLoss = (await evaluate(network, x, y)).loss;
    let warmEpochs = 1;
    while (h.seconds < 0.05 && warmEpochs < 4096) {
      warmEpochs *= 2;
      h = await fit(network, x, y, { ...common, epochs: warmEpochs });
    }
    const perEpoch = h.seconds / warmEpochs;
    const epochs = options.epochsPerRun ?? Math.max(1, Math.min(10_000, Math.ceil((options.minRunSeconds ?? 0.25) / Math.max(perEpoch, 1e-7))));
    const rates: number[] = [];
    let path: 'host' | 'ops' = 'ops';
    for (let r = 0; r < runs; r++) {
      const h = await fit(network, x, y, { ...common, epochs });
      rates.push(h.samplesPerSecond);
      path = h.path;
    }
    const rate = median(rates);
    return {
      workload: workload.name,
      backend: backend.info.name,
      engine: backend.info.engine,
      samplesPerSecond: rate,
      msPerStep: (1000 * workload.batchSize) / rate,
      gflops: (rate * flopsPerSample(workload.network)) / 1e9,
      runs: rates,
      finalLoss,
      path,
    };
  } finally {
    network.dispose();
  }
}

/** A fixed-width text table of results, with each row's ratio to a baseline backend's figure on the same workload. */
export function formatTrainingTable(results: readonly TrainingBenchResult[], baselineBackend = 'js'): string {
  const head = ['workload', 'backend', 'engine', 'path', 'samples/s', 'ms/step', 'GFLOP/s', 'vs ' + baselineBackend, 'final loss'];
  const rows = results.map((r) => {
    const base = results.find((b) => b.workload === r.workload && b.backend === baselineBackend);
    return [
      r.workload,
      r.backend,
      r.engine,
      r.path,
      r.samplesPerSecond >= 1000 ? Math.round(r.samplesPerSecond).toLocaleString('en-US') : r.samplesPerSecond.toFixed(1),
      r.msPerStep < 0.01 ? r.msPerStep.toExponential(2) : r.msPerStep.toFixed(3),
      r.gflops.toFixed(2),
      base ? (r.samplesPerSecond / base.samplesPerSecond).toFixed(2) + '×' : '-',
      r.finalLoss.toPrecision(4),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
