// Shared by the benchmark scripts: medians, CPU time, load, and the backends compared.
// Imports built files: run through `pnpm bench` / `pnpm bench:train`, which build this package;
// backend-js, backend-tfjs and conformance must be built too (`pnpm build` at the root).
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createWasmBackend } from '../dist/index.js';
import { createJsBackend } from '../../backend-js/dist/index.js';
import { createTfjsBackend } from '../../backend-tfjs/dist/index.js';

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall seconds and CPU seconds (all of this process's threads) of f(). */
export async function timed(f) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await f();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

export function loadLine() {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on this machine's cores`;
}

/** The contenders, each made fresh: label → factory. */
export const CONTENDERS = {
  'wasm/single': () => createWasmBackend({ mode: 'single' }),
  'wasm/threads': async () => {
    const b = await createWasmBackend({ mode: 'threads' });
    await b.threadsReady();
    return b;
  },
  'js/float32': async () => {
    const b = createJsBackend({ precision: 'float32' });
    await b.threadsReady();
    return b;
  },
  'js/1 thread': () => createJsBackend({ precision: 'float32', threads: 1 }),
  'tfjs/wasm': () => createTfjsBackend({ engine: 'wasm' }),
};

/**
 * How many cores this process really gets with `threads` threads spinning for `ms`: CPU time over
 * wall time. On a machine shared with other work this bounds any threaded speed-up.
 */
export async function coresAvailable(threads, ms = 300) {
  const spin = `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++;`;
  const t = await timed(async () => {
    const workers = Array.from({ length: threads - 1 }, () => new Worker(spin, { eval: true }));
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // the main thread spins too
    }
    await Promise.all(workers.map((w) => new Promise((resolve) => w.on('exit', resolve))));
  });
  return t.cpu / t.wall;
}
