/** `backprop train`, run as a subprocess: metrics, held-out accuracy, the chart, the saved model. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from './test-support/run-cli.js';

interface TrainDoc {
  command: string;
  dataset: { name: string; trainSamples: number; testSamples: number };
  backend: { name: string; variant: string; engine: string };
  network: { shape: string; parameters: number };
  history: { epoch: number; loss: number; testLoss: number; testAccuracy?: number }[];
  train: { loss: number; accuracy?: number };
  test: { loss: number; accuracy?: number };
  samplesPerSecond: number;
  leakedHandles: number;
  chart: string | null;
  model: string | null;
}

describe('backprop train', () => {
  it('learns XOR, writes the chart and the model, leaks no handles', async () => {
    const dir = scratchDir();
    const run = await runCli(['train', '--dataset', 'xor', '--epochs', '500', '--json', '--out', join(dir, 'xor.json'), '--chart', join(dir, 'xor.svg')]);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<TrainDoc>(run);
    expect(doc.network.shape).toBe('2-8-1');
    expect(doc.history).toHaveLength(500);
    expect(doc.test.accuracy).toBe(1);
    expect(doc.test.loss).toBeLessThan(0.05);
    expect(doc.leakedHandles).toBe(0);
    const svg = readFileSync(join(dir, 'xor.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('test accuracy');
    const model = JSON.parse(readFileSync(join(dir, 'xor.json'), 'utf8')) as { format: string; network: { inputSize: number }; meta: { dataset: string } };
    expect(model.format).toBe('backprop-model');
    expect(model.network.inputSize).toBe(2);
    expect(model.meta.dataset).toBe('xor');
    // Progress goes to stderr, never into the JSON on stdout.
    expect(run.stderr).toContain('epoch');
  });

  it('learns real digits on a quick run and measures them on the held-out split', async () => {
    const dir = scratchDir();
    const run = await runCli(['train', '--dataset', 'mnist', '--limit', '2000', '--layers', '64', '--epochs', '2', '--json', '--chart', join(dir, 'mnist.svg')]);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<TrainDoc>(run);
    expect(doc.dataset).toMatchObject({ name: 'mnist', trainSamples: 2000, testSamples: 2000 });
    expect(doc.network.shape).toBe('784-64-10');
    // Ten classes: chance is 10%; two short epochs on 2,000 digits already pass 80% on unseen ones.
    expect(doc.test.accuracy).toBeGreaterThan(0.8);
    expect(doc.history[1]!.loss).toBeLessThan(doc.history[0]!.loss);
    expect(doc.samplesPerSecond).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'mnist.svg'), 'utf8')).toContain('<svg');
  });

  it("fits the article's 1-2-2 network (seed) and a sine, with human output", async () => {
    const dir = scratchDir();
    const seed = await runCli(['train', '--dataset', 'seed', '--epochs', '30', '--no-chart'], { cwd: dir });
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('1-2-2 relu/relu, mse');
    expect(seed.stdout).toMatch(/test\s+\S+/);
    const sine = await runCli(['train', '--dataset', 'sine', '--epochs', '40', '--json'], { cwd: dir });
    const doc = jsonOf<TrainDoc>(sine);
    expect(doc.test.loss).toBeLessThan(doc.history[0]!.testLoss);
    // The default chart name, in the working folder.
    expect(readFileSync(join(dir, 'sine-training.svg'), 'utf8')).toContain('<svg');
  });

  it('reports a backend that cannot run here with its reason, exit code 4', async () => {
    // WebGL exists only in browsers, so gpujs's webgl mode never runs under Node.
    const run = await runCli(['train', '--dataset', 'xor', '--backend', 'gpujs', '--mode', 'webgl', '--epochs', '1']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/error: backend gpujs\/webgl is not available here: .+/);
    expect(run.stderr).toMatch(/hint: .+/);
    expect(looksLikeStackTrace(run.stderr)).toBe(false);
  });
});
