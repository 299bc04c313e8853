/** `backprop predict`, run as a subprocess on a model that `backprop train` saved. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from './test-support/run-cli.js';

interface PredictDoc {
  samples: number;
  accuracy: number | null;
  loss: number | null;
  backend: { name: string; engine: string };
  predictions: { class?: number; targetClass?: number; outputs: number[] }[];
}

interface DoctorDoc {
  backends: { backend: string; variant: string; available: boolean }[];
}

let dir: string;
let xorModel: string;

beforeAll(async () => {
  dir = scratchDir();
  xorModel = join(dir, 'xor.json');
  const run = await runCli(['train', '--dataset', 'xor', '--epochs', '500', '--no-chart', '--out', xorModel]);
  expect(run.code, run.stderr).toBe(0);
});

describe('backprop predict', () => {
  it('a large --json document reaches a pipe whole before the process exits (10,000 rows, ~1 MB)', async () => {
    const input = join(dir, 'xor-many.json');
    const inputs = Array.from({ length: 10_000 }, (_, i) => [i % 2, (i >> 1) % 2]);
    writeFileSync(input, JSON.stringify({ inputs, targets: inputs.map(([a, b]) => [a === b ? 0 : 1]) }));
    const run = await runCli(['predict', '--model', xorModel, '--input', input, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(500_000);
    const doc = jsonOf<PredictDoc>(run);
    expect(doc.samples).toBe(10_000);
    expect(doc.predictions).toHaveLength(10_000);
  });

  it('predicts from a JSON file with targets and reports accuracy', async () => {
    const input = join(dir, 'xor-input.json');
    writeFileSync(input, JSON.stringify({ inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] }));
    const run = await runCli(['predict', '--model', xorModel, '--input', input, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<PredictDoc>(run);
    expect(doc.samples).toBe(4);
    expect(doc.accuracy).toBe(1);
    expect(doc.predictions.map((p) => p.class)).toEqual([0, 1, 1, 0]);
  });

  it('predicts from CSV with a header and no targets, in human output', async () => {
    const input = join(dir, 'xor.csv');
    writeFileSync(input, 'a,b\n1,0\n1,1\n');
    const run = await runCli(['predict', '--model', xorModel, '--input', input]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^0\s+1\s/m);
    expect(run.stdout).toMatch(/^1\s+0\s/m);
    expect(run.stdout).not.toContain('accuracy');
  });

  it('predicts the mnist test split with a model trained on mnist', async () => {
    const model = join(dir, 'mnist.json');
    const train = await runCli(['train', '--dataset', 'mnist', '--limit', '2000', '--layers', '32', '--epochs', '2', '--no-chart', '--out', model, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const trained = jsonOf<{ test: { accuracy: number } }>(train);
    const run = await runCli(['predict', '--model', model, '--limit', '5', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<PredictDoc>(run);
    expect(doc.samples).toBe(2000);
    expect(doc.predictions).toHaveLength(5);
    // The same test split and weights: the same accuracy as train measured.
    expect(doc.accuracy).toBeCloseTo(trained.test.accuracy, 6);
  });

  it('gives the same predictions on every other backend available here', async () => {
    const doctor = jsonOf<DoctorDoc>(await runCli(['doctor', '--json']));
    const others = doctor.backends.filter((b) => b.available && b.backend !== 'js');
    const input = join(dir, 'xor-rows.json');
    writeFileSync(input, JSON.stringify([[0, 0], [0, 1], [1, 0], [1, 1]]));
    const reference = jsonOf<PredictDoc>(await runCli(['predict', '--model', xorModel, '--input', input, '--json']));
    for (const b of others) {
      const run = await runCli(['predict', '--model', xorModel, '--input', input, '--json', '--backend', `${b.backend}/${b.variant}`]);
      expect(run.code, `${b.backend}/${b.variant}: ${run.stderr}`).toBe(0);
      const doc = jsonOf<PredictDoc>(run);
      doc.predictions.forEach((p, i) => expect(p.outputs[0]).toBeCloseTo(reference.predictions[i]!.outputs[0]!, 5));
    }
  });

  it('refuses a missing model, a malformed one, and one that does not fit the data (exit 3)', async () => {
    const missing = await runCli(['predict', '--model', join(dir, 'nope.json'), '--dataset', 'xor']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such file');

    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"format":"backprop-model","version":1,"network":{"inputSize":2');
    const malformed = await runCli(['predict', '--model', truncated, '--dataset', 'xor']);
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toMatch(/not a usable backprop model: .*not valid JSON/);

    const wrongShape = await runCli(['predict', '--model', xorModel, '--dataset', 'mnist']);
    expect(wrongShape.code).toBe(3);
    expect(wrongShape.stderr).toContain('the model does not fit dataset mnist: the model maps 2 inputs to 1 outputs');

    const badRows = join(dir, 'bad.csv');
    writeFileSync(badRows, '1,2,3,4,5\n');
    const rows = await runCli(['predict', '--model', xorModel, '--input', badRows]);
    expect(rows.code).toBe(3);
    expect(rows.stderr).toContain('the model takes 2 inputs');
    for (const run of [missing, malformed, wrongShape, rows]) expect(looksLikeStackTrace(run.stderr)).toBe(false);
  });
});
