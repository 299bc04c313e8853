/**
 * Matmul benchmark: GFLOP/s of every transpose variant on each tfjs engine, run both ways
 * (tfjs's transpose flags, and an explicit transpose followed by a plain matmul), so the
 * per-engine choice in `matmul-strategy.ts` rests on numbers. Also measures what switching
 * engines costs when two backends on different engines share the process.
 * Run: `pnpm --filter @backprop/backend-tfjs bench:matmul`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { loadNativeEngine, type TfjsEngine } from '../engines.js';
import { matmulWith, type MatmulStrategy } from '../matmul-strategy.js';

const VARIANTS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median milliseconds of `fn` over `runs` timed runs of `reps` calls, after one warm-up run. */
function timeMs(fn: () => void, reps: number, runs = 5): number {
  for (let i = 0; i < reps; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) fn();
    samples.push((performance.now() - start) / reps);
  }
  return median(samples);
}

export interface MatmulFigure {
  readonly engine: TfjsEngine;
  readonly size: number;
  readonly variant: string;
  readonly strategy: MatmulStrategy;
  readonly gflops: number;
}

function variantName(ta: boolean, tb: boolean): string {
  return `${ta ? 'Aᵀ' : 'A'}·${tb ? 'Bᵀ' : 'B'}`;
}

export function measureMatmul(engine: TfjsEngine, sizes: readonly number[]): MatmulFigure[] {
  const figures: MatmulFigure[] = [];
  for (const n of sizes) {
    const a = tf.randomNormal<tf.Rank.R2>([n, n]);
    const b = tf.randomNormal<tf.Rank.R2>([n, n]);
    const flop = 2 * n * n * n;
    // Enough calls for ~0.2 s per run at 1 GFLOP/s, at least one.
    const reps = Math.max(1, Math.round(2e8 / flop));
    for (const [ta, tb] of VARIANTS) {
      for (const strategy of ['flags', 'explicit-transpose'] as const) {
        if (!ta && !tb && strategy === 'explicit-transpose') continue;
        const ms = timeMs(() => {
          const out = matmulWith(strategy, a, b, ta, tb);
          out.dataSync(); // wait for the engine: wasm and tensorflow run eagerly, this keeps it honest
          out.dispose();
        }, reps);
        figures.push({ engine, size: n, variant: variantName(ta, tb), strategy, gflops: flop / ms / 1e6 });
      }
    }
    a.dispose();
    b.dispose();
  }
  return figures;
}

/** Microseconds per small op on one backend, and alternating between backends on two engines. */
export async function measureEngineSwitch(): Promise<{ sameEngineUs: number; alternatingUs: number }> {
  const wasm = await createTfjsBackend({ engine: 'wasm' });
  const cpu = await createTfjsBackend({ engine: 'cpu' });
  const x = wasm.fill(8, 8, 1);
  const y = cpu.fill(8, 8, 1);
  const sameEngineUs = 1000 * timeMs(() => {
    wasm.dispose(wasm.binary('add', x, x));
    wasm.dispose(wasm.binary('add', x, x));
  }, 2000) / 2;
  const alternatingUs = 1000 * timeMs(() => {
    wasm.dispose(wasm.binary('add', x, x));
    cpu.dispose(cpu.binary('add', y, y));
  }, 2000) / 2;
  wasm.dispose(x);
  cpu.dispose(y);
  return { sameEngineUs, alternatingUs };
}

export function formatMatmulTable(figures: readonly MatmulFigure[]): string {
  const lines = ['engine      size  variant  flags GFLOP/s  explicit-transpose GFLOP/s', '----------  ----  -------  -------------  --------------------------'];
  const keys = new Set(figures.map((f) => `${f.engine}|${f.size}|${f.variant}`));
  for (const key of keys) {
    const [engine, size, variant] = key.split('|') as [string, string, string];
    const pick = (s: MatmulStrategy): string => {
      const f = figures.find((g) => `${g.engine}|${g.size}|${g.variant}` === key && g.strategy === s);
      return f ? f.gflops.toFixed(2) : '-';
    };
    lines.push(`${engine.padEnd(10)}  ${size.padStart(4)}  ${variant.padEnd(7)}  ${pick('flags').padStart(13)}  ${pick('explicit-transpose').padStart(26)}`);
  }
  return lines.join('\n');
}

export async function main(): Promise<void> {
  const engines: TfjsEngine[] = loadNativeEngine().loaded ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  const figures: MatmulFigure[] = [];
  for (const engine of engines) {
    await createTfjsBackend({ engine });
    // The cpu engine runs ~1 GFLOP/s: 1024 would take minutes for nothing new.
    figures.push(...measureMatmul(engine, engine === 'cpu' ? [256, 512] : [256, 512, 1024]));
  }
  console.log(formatMatmulTable(figures));
  const { sameEngineUs, alternatingUs } = await measureEngineSwitch();
  console.log(`\nengine switching: an 8×8 add costs ${sameEngineUs.toFixed(1)} µs on one engine, ${alternatingUs.toFixed(1)} µs when wasm and cpu backends alternate`);
}
