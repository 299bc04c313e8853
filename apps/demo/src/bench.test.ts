/** `backprop bench`, run as a subprocess on short workloads: the table, the JSON results, the chart. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli, scratchDir } from './test-support/run-cli.js';

interface BenchDoc {
  results: { workload: string; backend: string; samplesPerSecond: number; msPerStep: number; gflops: number; finalLoss: number; ratioToBaseline: number | null; runs: number[] }[];
  unavailable: { backend: string; reason: string; fix: string }[];
  skipped: { backend: string; workload: string; status: string; reason: string }[];
  disagreements: string[];
  totalSeconds: number;
}

describe('backprop bench', () => {
  it('times the same workloads on each backend in its own process and writes JSON and a chart', async () => {
    const dir = scratchDir();
    const out = join(dir, 'bench.json');
    const chart = join(dir, 'bench.svg');
    const run = await runCli(['bench', '--workloads', 'xor,seed', '--layers', '16-8-3', '--samples', '256', '--backends', 'js,tfjs/cpu,gpujs/webgl', '--runs', '2', '--json', '--out', out, '--chart', chart]);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<BenchDoc>(run);
    const js = doc.results.filter((r) => r.backend === 'js');
    expect(js.map((r) => r.workload).sort()).toEqual(['custom 16-8-3', 'seed', 'xor']);
    for (const r of js) {
      expect(r.samplesPerSecond).toBeGreaterThan(0);
      expect(r.runs).toHaveLength(2);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
      expect(r.ratioToBaseline).toBe(1);
    }
    // js float64 runs the same steps from the same seed: its final loss agrees with float32's.
    const f64 = doc.results.find((r) => r.backend === 'js/float64' && r.workload === 'custom 16-8-3')!;
    const f32 = js.find((r) => r.workload === 'custom 16-8-3')!;
    expect(Math.abs(f64.finalLoss - f32.finalLoss) / f32.finalLoss).toBeLessThan(1e-3);
    expect(doc.disagreements).toEqual([]);
    // A variant that cannot run here is listed with its reason, not silently dropped.
    const webgl = doc.unavailable.find((u) => u.backend === 'gpujs/webgl')!;
    expect(webgl.reason).toMatch(/\w{3,}/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ command: 'bench' });
    expect(readFileSync(chart, 'utf8')).toContain('<svg');
  });

  it('prints the comparison table for people', async () => {
    const dir = scratchDir();
    const run = await runCli(['bench', '--workloads', 'xor', '--backends', 'js/float32', '--runs', '1', '--out', join(dir, 'b.json'), '--chart', join(dir, 'b.svg')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/workload\s+backend\s+engine\s+path\s+samples\/s\s+ms\/step\s+GFLOP\/s\s+vs js\s+final loss/);
    expect(run.stdout).toMatch(/^xor\s+js\s+float32/m);
  });

  it('refuses an unknown workload or backend', async () => {
    const workload = await runCli(['bench', '--workloads', 'imagenet']);
    expect(workload.code).toBe(2);
    expect(workload.stderr).toContain("unknown workload 'imagenet'");
    const backend = await runCli(['bench', '--backends', 'tfjs/gpu']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain("backend tfjs has no engine 'gpu'");
  });
});
