/**
 * Paired A/B of the two matmul strategies on one engine, built to give a verdict on a busy
 * machine: the strategy flips on every call (and on every training step), in alternating order,
 * so both see the same load; medians of wall time and of this process's CPU time (user + system,
 * which queueing behind other jobs does not inflate) are compared. Covers the transposed
 * products at 256–1024 and whole training steps of mnist-like and wide through core's trainStep.
 * Run: `pnpm --filter @backprop/backend-tfjs bench:strategy` (BENCH_ENGINES=tensorflow,wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createNetwork, OptimizerState, trainStep } from '@backprop/core';
import { WORKLOADS, workloadData, type WorkloadName } from '@backprop/conformance/bench';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { loadNativeEngine, type TfjsEngine } from '../engines.js';
import { matmulWith, type MatmulStrategy } from '../matmul-strategy.js';
import type { TfjsBackend } from '../tfjs-backend.js';

const STRATEGIES: readonly MatmulStrategy[] = ['flags', 'explicit-transpose'];

export interface StrategyFigure {
  readonly engine: TfjsEngine;
  readonly what: string;
  /** Median milliseconds per call or step, per strategy: wall clock and CPU time. */
  readonly wallMs: Readonly<Record<MatmulStrategy, number>>;
  readonly cpuMs: Readonly<Record<MatmulStrategy, number>>;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Runs `fn(strategy)` `pairs` times per strategy, interleaved, and returns the medians. */
function pairedMedians(pairs: number, fn: (strategy: MatmulStrategy) => void): Pick<StrategyFigure, 'wallMs' | 'cpuMs'> {
  const wall: Record<MatmulStrategy, number[]> = { flags: [], 'explicit-transpose': [] };
  const cpu: Record<MatmulStrategy, number[]> = { flags: [], 'explicit-transpose': [] };
  for (let i = 0; i < pairs; i++) {
    for (const strategy of i % 2 ? [...STRATEGIES].reverse() : STRATEGIES) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      fn(strategy);
      wall[strategy].push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu[strategy].push((used.user + used.system) / 1000);
    }
  }
  return {
    wallMs: { flags: median(wall.flags), 'explicit-transpose': median(wall['explicit-transpose']) },
    cpuMs: { flags: median(cpu.flags), 'explicit-transpose': median(cpu['explicit-transpose']) },
  };
}

function matmulFigures(engine: TfjsEngine, sizes: readonly number[]): StrategyFigure[] {
  const figures: StrategyFigure[] = [];
  for (const n of sizes) {
    const a = tf.randomNormal<tf.Rank.R2>([n, n]);
    const b = tf.randomNormal<tf.Rank.R2>([n, n]);
    for (const [transposeA, transposeB, name] of [[true, false, 'Aᵀ·B'], [false, true, 'A·Bᵀ']] as const) {
      const warm = matmulWith('flags', a, b, transposeA, transposeB);
      warm.dataSync();
      warm.dispose();
      const medians = pairedMedians(n >= 1024 ? 20 : 60, (strategy) => {
        const product = matmulWith(strategy, a, b, transposeA, transposeB);
        product.dataSync(); // wait for the engine
        product.dispose();
      });
      figures.push({ engine, what: `matmul ${n} ${name}`, ...medians });
    }
    a.dispose();
    b.dispose();
  }
  return figures;
}

/** One training step per call, the loss read back so the step is finished when the clock stops. */
function trainingFigure(engine: TfjsEngine, backend: TfjsBackend, name: WorkloadName, pairs: number): StrategyFigure {
  const workload = WORKLOADS[name];
  const network = createNetwork(backend, workload.network);
  const optimizer = new OptimizerState(network, workload.optimizer);
  const { x, y } = workloadData(workload, workload.batchSize);
  const batchX = backend.fromArray(Float64Array.from(x.data), x.rows, x.cols);
  const batchY = backend.fromArray(Float64Array.from(y.data), y.rows, y.cols);
  const step = (): void => {
    const loss = trainStep(network, optimizer, batchX, batchY);
    backend.readSync!(loss);
    backend.dispose(loss);
  };
  for (let i = 0; i < 3; i++) step();
  const chosen = backend.matmulStrategy;
  const medians = pairedMedians(pairs, (strategy) => {
    // The bench, not a user, overrides the engine's measured choice, for this comparison only.
    (backend as { matmulStrategy: MatmulStrategy }).matmulStrategy = strategy;
    step();
  });
  (backend as { matmulStrategy: MatmulStrategy }).matmulStrategy = chosen;
  backend.dispose(batchX);
  backend.dispose(batchY);
  optimizer.dispose();
  network.dispose();
  return { engine, what: `train step ${name}`, ...medians };
}

export async function measureStrategies(engine: TfjsEngine): Promise<StrategyFigure[]> {
  const backend = await createTfjsBackend({ engine });
  return [
    ...matmulFigures(engine, [256, 512, 1024]),
    trainingFigure(engine, backend, 'mnist-like', 100),
    trainingFigure(engine, backend, 'wide', engine === 'tensorflow' ? 40 : 10),
  ];
}

export function formatStrategyTable(figures: readonly StrategyFigure[]): string {
  const lines = [
    'engine      what                   flags wall ms  explicit wall ms  flags cpu ms  explicit cpu ms  explicit/flags cpu',
    '----------  ---------------------  -------------  ----------------  ------------  ---------------  ------------------',
  ];
  for (const f of figures) {
    const ratio = f.cpuMs['explicit-transpose'] / f.cpuMs.flags;
    lines.push(
      `${f.engine.padEnd(10)}  ${f.what.padEnd(21)}  ${f.wallMs.flags.toFixed(3).padStart(13)}  ${f.wallMs['explicit-transpose'].toFixed(3).padStart(16)}  ` +
        `${f.cpuMs.flags.toFixed(3).padStart(12)}  ${f.cpuMs['explicit-transpose'].toFixed(3).padStart(15)}  ${ratio.toFixed(2).padStart(18)}`,
    );
  }
  return lines.join('\n');
}

export async function main(): Promise<void> {
  const asked = process.env.BENCH_ENGINES?.split(',') as TfjsEngine[] | undefined;
  const engines = asked ?? (loadNativeEngine().loaded ? ['tensorflow', 'wasm'] : ['wasm']);
  const figures: StrategyFigure[] = [];
  for (const engine of engines) figures.push(...(await measureStrategies(engine)));
  console.log(formatStrategyTable(figures));
}
