/**
 * Matmul throughput: median GFLOP/s at 256, 512 and 1024 for NN, TN, NT and TT, on one thread
 * and on all threads, then the crossover where splitting a matmul across threads starts to pay.
 * Run with `pnpm bench` (builds, then runs bench/matmul.mjs). Numbers on a shared machine are
 * noisy: each figure is the median of several runs, and ratios are taken inside one run.
 */
import { createJsBackend, type JsBackend } from '../js-backend.js';

const VARIANTS = [
  ['NN', false, false],
  ['TN', true, false],
  ['NT', false, true],
  ['TT', true, true],
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median seconds of one n×n×n matmul with the given flags, after a warm-up. */
function timeMatmul(backend: JsBackend, n: number, ta: boolean, tb: boolean, runs: number): number {
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) * 0.5;
  const a = backend.fromArray(values, n, n);
  const b = backend.fromArray(values, n, n);
  // Warm-up: lets V8 optimise the kernel and the workers start before timing.
  const reps = Math.max(1, Math.round(2e7 / (n * n * n)));
  for (let w = 0; w < 2; w++) backend.dispose(backend.matmul(a, b, ta, tb));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) backend.dispose(backend.matmul(a, b, ta, tb));
    times.push((performance.now() - start) / 1000 / reps);
  }
  backend.dispose(a);
  backend.dispose(b);
  return median(times);
}

const gflops = (n: number, seconds: number): string => ((2 * n ** 3) / seconds / 1e9).toFixed(2);

export async function main(args: readonly string[] = []): Promise<void> {
  const runs = Number(args[0] ?? 7);
  const single = createJsBackend({ precision: 'float32', threads: 1 });
  const threaded = createJsBackend({ precision: 'float32' });
  const threadedThreshold1 = createJsBackend({ precision: 'float32', threadThreshold: 1 });
  await threaded.threadsReady();
  await threadedThreshold1.threadsReady();
  const threads = threaded.info.threads;
  console.log(`backend-js matmul, float32, median of ${runs} runs; threads: 1 and ${threads}`);
  console.log('size  variant  1 thread GFLOP/s  ' + `${threads} threads GFLOP/s  speed-up`);
  for (const n of [256, 512, 1024]) {
    for (const [name, ta, tb] of VARIANTS) {
      const one = timeMatmul(single, n, ta, tb, runs);
      const all = timeMatmul(threaded, n, ta, tb, runs);
      console.log(`${String(n).padEnd(5)} ${name.padEnd(8)} ${gflops(n, one).padStart(16)}  ${gflops(n, all).padStart(17)}  ${(one / all).toFixed(2)}×`);
    }
  }
  console.log('\nCrossover (NN, square n×n×n; threads forced on for every size):');
  console.log('n     m·n·k      1 thread µs  threaded µs  ratio');
  for (const n of [16, 24, 32, 48, 64, 96, 128]) {
    const one = timeMatmul(single, n, false, false, runs);
    const all = timeMatmul(threadedThreshold1, n, false, false, runs);
    console.log(`${String(n).padEnd(5)} ${String(n ** 3).padEnd(10)} ${(one * 1e6).toFixed(1).padStart(11)}  ${(all * 1e6).toFixed(1).padStart(11)}  ${(one / all).toFixed(2)}`);
  }
  for (const b of [single, threaded, threadedThreshold1]) b.close();
}
