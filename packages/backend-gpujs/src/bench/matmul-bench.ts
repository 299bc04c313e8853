/**
 * Matmul throughput per gpu.js mode: median GFLOP/s of an n×n by n×n product at 256, 512 and
 * 1024. GL work is queued, so each timed batch ends with a read of its last result (which waits
 * for the queue); the read is included in the time. Run with `pnpm bench`.
 */
import { createGpujsBackend } from '../create-gpujs-backend.js';
import type { GpujsMode } from '../modes.js';

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timeMatmul(mode: GpujsMode, n: number, runs: number): number {
  const backend = createGpujsBackend({ mode });
  try {
    const values = new Float32Array(n * n);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) * 0.5;
    const a = backend.fromArray(values, n, n);
    const b = backend.fromArray(values, n, n);
    backend.readSync(backend.matmul(a, b, false, false)); // compiles, warms up
    const reps = Math.max(1, Math.round(2e8 / n ** 3));
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (let i = 0; i < reps - 1; i++) backend.dispose(backend.matmul(a, b, false, false));
      const last = backend.matmul(a, b, false, false);
      backend.readSync(last);
      backend.dispose(last);
      times.push((performance.now() - start) / 1000 / reps);
    }
    return median(times);
  } finally {
    backend.close();
  }
}

export function main(args: readonly string[] = []): void {
  const runs = Number(args[0] ?? 5);
  const modes: GpujsMode[] = ['headlessgl', 'webasm', 'cpu'];
  console.log(`backend-gpujs matmul n×n·n×n, float32, median of ${runs} runs, GFLOP/s (read of the last result included)`);
  console.log(['size', ...modes].map((c) => c.padStart(11)).join(''));
  for (const n of [256, 512, 1024]) {
    const cells = modes.map((mode) => ((2 * n ** 3) / timeMatmul(mode, n, mode === 'cpu' && n === 1024 ? 1 : runs) / 1e9).toFixed(2));
    console.log([String(n), ...cells].map((c) => c.padStart(11)).join(''));
  }
}
