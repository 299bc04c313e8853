/**
 * `backprop import`, run as a subprocess: scikit-learn's MLPClassifier (exported by skl2onnx;
 * packages/interop/fixtures) becomes a backprop model that `backprop predict` runs on backend-js,
 * backend-wasm and backend-tfjs with scikit-learn's probabilities; an exported model imports back to the same
 * answers; files that are not dense networks end with exit code 3 and a message naming why.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, REPO_ROOT } from '../test-support/paths.js';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from '../test-support/run-cli.js';

interface PredictDoc {
  predictions: { outputs?: number[]; class?: string | number; probabilities?: Record<string, number> }[];
}

const fixture = (name: string): string => join(REPO_ROOT, 'packages', 'interop', 'fixtures', name);
let dir: string;

beforeAll(() => {
  dir = scratchDir();
});

describe('backprop import', () => {
  it('onnx: a scikit-learn MLPClassifier predicts as scikit-learn did, on js, wasm and tfjs', async () => {
    const out = join(dir, 'sklearn.json');
    const run = await runCli(['import', '--format', 'onnx', '--in', fixture('sklearn-mlp-relu.onnx'), '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf<{ classes: string[] }>(run).classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const expected = JSON.parse(readFileSync(fixture('sklearn-mlp-relu.expected.json'), 'utf8')) as { inputs: number[][]; probabilities: number[][] };
    const input = join(dir, 'iris-inputs.json');
    writeFileSync(input, JSON.stringify(expected.inputs.slice(0, 40)));
    for (const backend of ['js', 'wasm', 'tfjs']) {
      const predict = await runCli(['predict', '--model', out, '--input', input, '--backend', backend, '--json']);
      expect(predict.code, predict.stderr).toBe(0);
      const got = jsonOf<PredictDoc>(predict).predictions.flatMap((p) => p.outputs!);
      const want = expected.probabilities.slice(0, 40).flat();
      got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${backend} value ${i}`).toBeLessThan(1e-5));
    }
  });

  it('onnx and tfjs: an exported table model imports back with its preprocessing and predicts the same', async () => {
    const model = join(dir, 'flowers-model.json');
    const flowersNew = join(DEMO_DIR, 'fixtures', 'flowers-new.csv');
    expect((await runCli(['train', '--data', join(DEMO_DIR, 'fixtures', 'flowers.csv'), '--target', 'species', '--epochs', '20', '--no-chart', '--out', model])).code).toBe(0);
    const original = jsonOf<PredictDoc>(await runCli(['predict', '--model', model, '--data', flowersNew, '--json']));
    for (const [format, file] of [['onnx', join(dir, 'flowers.onnx')], ['tfjs', join(dir, 'flowers-tfjs')]] as const) {
      expect((await runCli(['export', '--model', model, '--format', format, '--out', file])).code).toBe(0);
      const back = join(dir, `flowers-back-${format}.json`);
      const run = await runCli(['import', '--format', format, '--in', file, '--out', back]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('preprocessing restored');
      const again = jsonOf<PredictDoc>(await runCli(['predict', '--model', back, '--data', flowersNew, '--json']));
      expect(again.predictions).toEqual(original.predictions);
    }
  });

  it('refuses what is not a dense network, or not a file of that format, with exit 3', async () => {
    const garbage = join(dir, 'garbage.onnx');
    writeFileSync(garbage, 'definitely not protobuf \u0000\u00ff');
    const onnx = await runCli(['import', '--format', 'onnx', '--in', garbage, '--out', join(dir, 'g.json')]);
    expect(onnx.code).toBe(3);
    expect(onnx.stderr).toMatch(/importOnnx: (file is not an ONNX model|graph)/);
    const folder = join(dir, 'conv');
    expect((await runCli(['export', '--model', join(dir, 'flowers-model.json'), '--format', 'tfjs', '--out', folder])).code).toBe(0);
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string }[] } } };
    json.modelTopology.config.layers[0]!.class_name = 'Conv2D';
    writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
    const tfjs = await runCli(['import', '--format', 'tfjs', '--in', folder, '--out', join(dir, 'c.json')]);
    expect(tfjs.code).toBe(3);
    expect(tfjs.stderr).toMatch(/importTfjsLayers: modelTopology\.config\.layers\[0\] Conv2D "dense_1" is not supported; backprop imports a Sequential model of Dense layers/);
    expect(looksLikeStackTrace(onnx.stderr + tfjs.stderr)).toBe(false);
  });
});
