/**
 * GFLOP/s of every transpose variant on tfjs's browser engines, both ways (tfjs's transpose
 * flags, or an explicit transpose then a plain matmul): the numbers behind backend-tfjs's
 * MATMUL_STRATEGY for webgl and webgpu, measured as backend-tfjs's own bench does for wasm/cpu.
 * Reads back with the async `data()` (WebGPU has no usable sync read in headless Chromium).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '@backprop/backend-tfjs';
import { median } from '@backprop/conformance/bench';
import { TFJS_WASM_PATHS } from '../support/tfjs-wasm-paths.js';
import type { MatmulFigure, MatmulRequest } from './bench-types.js';

const VARIANTS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** The two strategies of backend-tfjs's matmul-strategy.ts. */
function product(strategy: 'flags' | 'explicit-transpose', a: tf.Tensor2D, b: tf.Tensor2D, ta: boolean, tb: boolean): tf.Tensor2D {
  if (strategy === 'flags') return tf.matMul(a, b, ta, tb);
  return tf.tidy(() => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b));
}

/** Median ms per call over 5 runs of `reps` calls, after a warm-up run; each run waits for the GPU. */
async function timeMs(fn: () => tf.Tensor, reps: number): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < 6; r++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) {
      const out = fn();
      // Waiting on the last output only would let the GPU queue calls; wait on each, as training does.
      await out.data();
      out.dispose();
    }
    if (r > 0) samples.push((performance.now() - start) / reps);
  }
  return median(samples);
}

export async function measureTfjsMatmul(request: MatmulRequest): Promise<MatmulFigure[]> {
  const figures: MatmulFigure[] = [];
  for (const engine of request.engines) {
    await createTfjsBackend({ engine, wasmPaths: TFJS_WASM_PATHS });
    for (const n of request.sizes) {
      const a = tf.randomNormal<tf.Rank.R2>([n, n]);
      const b = tf.randomNormal<tf.Rank.R2>([n, n]);
      const flop = 2 * n * n * n;
      const reps = Math.max(2, Math.round(1e8 / flop));
      for (const [ta, tb] of VARIANTS) {
        const flags = flop / (await timeMs(() => product('flags', a, b, ta, tb), reps)) / 1e6;
        const explicit = ta || tb ? flop / (await timeMs(() => product('explicit-transpose', a, b, ta, tb), reps)) / 1e6 : null;
        figures.push({ engine, size: n, variant: `${ta ? 'Aᵀ' : 'A'}·${tb ? 'Bᵀ' : 'B'}`, flags, explicitTranspose: explicit });
      }
      a.dispose();
      b.dispose();
    }
  }
  return figures;
}
