/**
 * Matmul throughput: median GFLOP/s at 256, 512 and 1024 for NN, TN, NT and TT, on one thread
 * and on all threads, then the crossover where splitting a matmul across threads starts to pay.
 * Run with `pnpm bench` (builds, then runs bench/matmul.mjs). Numbers on a shared machine are
 * noisy: each figure is the median of several runs, and ratios are taken inside one run.
 */
import { Worker } from 'node:worker_threads';
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

/**
 * How many cores this process really got over `ms` with `threads` threads spinning: CPU time
 * over wall time. On a machine shared with other work this is what bounds any threaded speed-up.
 */
export async function availableCores(threads: number, ms = 500): Promise<number> {
  const spin = `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++;`;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const workers = Array.from({ length: threads - 1 }, () => new Worker(spin, { eval: true }));
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin on the main thread too
  }
  await Promise.all(workers.map((w) => new Promise((resolve) => w.on('exit', resolve))));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (performance.now() - start);
}

export async function main(args: readonly string[] = []): Promise<void> {
  const runs = Number(args[0] ?? 7);
  const single = createJsBackend({ precision: 'float32', threads: 1 });
  const threaded = createJsBackend({ precision: 'float32' });
  const threadedThreshold1 = createJsBackend({ precision: 'float32', threadThreshold: 1 });
  await threaded.threadsReady();
  await threadedThreshold1.threadsReady();
  const threads = threaded.info.threads;
  const cores = await availableCores(threads);
  console.log(`backend-js matmul, float32, median of ${runs} runs; threads: 1 and ${threads}`);
  console.log(`cores this process got while ${threads} threads spun (CPU time / wall time): ${cores.toFixed(2)}`);
  console.log('size  variant  1 thread GFLOP/s  ' + `${threads} threads GFLOP/s  speed-up  cores got (probe before the row)`);
  for (const n of [256, 512, 1024]) {
    for (const [name, ta, tb] of VARIANTS) {
      const got = await availableCores(threads, 150);
      const one = timeMatmul(single, n, ta, tb, runs);
      const all = timeMatmul(threaded, n, ta, tb, runs);
      console.log(`${String(n).padEnd(5)} ${name.padEnd(8)} ${gflops(n, one).padStart(16)}  ${gflops(n, all).padStart(17)}  ${(one / all).toFixed(2).padStart(7)}×  ${got.toFixed(2)}`);
    }
  }
  console.log('\nCrossover (NN, square n×n×n; threads forced on for every size):');
  console.log(`cores got before the crossover: ${(await availableCores(threads, 150)).toFixed(2)}`);
  console.log('n     m·n·k      1 thread µs  threaded µs  ratio');
  for (const n of [16, 24, 32, 48, 64, 96, 128]) {
    const one = timeMatmul(single, n, false, false, runs);
    const all = timeMatmul(threadedThreshold1, n, false, false, runs);
    console.log(`${String(n).padEnd(5)} ${String(n ** 3).padEnd(10)} ${(one * 1e6).toFixed(1).padStart(11)}  ${(all * 1e6).toFixed(1).padStart(11)}  ${(one / all).toFixed(2)}`);
  }
  for (const b of [single, threaded, threadedThreshold1]) b.close();
}
