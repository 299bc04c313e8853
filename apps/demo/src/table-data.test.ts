/**
 * `backprop train --data` and `predict --data` on the fixture tables (apps/demo/fixtures, real
 * iris flowers; see its README): a CSV with quoted fields and a categorical column trains, saves
 * its preprocessing in the model, and predicts a file with its columns in another order, with
 * class names, on every backend variant available here; JSON, NDJSON and a regression too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli, scratchDir } from './test-support/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);

interface TrainDoc {
  dataset: { name: string; task: string; trainSamples: number; testSamples: number; inputs: string[]; classes: string[] | null; notes: string[] };
  network: { shape: string };
  test: { loss: number; accuracy?: number };
  leakedHandles: number;
}

interface NamedPrediction {
  line?: number;
  class?: string;
  probability?: number;
  probabilities?: Record<string, number>;
  target?: string | number;
  value?: number;
}

interface PredictDoc {
  samples: number;
  accuracy: number | null;
  classes: string[] | null;
  meanAbsoluteError: number | null;
  predictions: NamedPrediction[];
}

interface DoctorDoc {
  backends: { backend: string; variant: string; available: boolean }[];
}

const flowerClasses = ['setosa', 'versicolor', 'virginica'];

describe('backprop train --data / predict --data', () => {
  it('trains on a CSV with quoted fields and a categorical column, and predicts a reordered file with class names on every backend', async () => {
    const doctor = jsonOf<DoctorDoc>(await runCli(['doctor', '--json']));
    const variants = doctor.backends.filter((b) => b.available).map((b) => `${b.backend}/${b.variant}`);
    // What CI installs runs at least these (gpujs/headlessgl too when an X display is up).
    if (process.env.CI) expect(variants).toEqual(expect.arrayContaining(['js/float32', 'js/float64', 'gpujs/webasm', 'gpujs/cpu', 'tfjs/wasm', 'tfjs/cpu']));
    expect(variants).toContain('js/float32');
    const dir = scratchDir();
    let reference: PredictDoc | undefined;
    for (const variant of variants) {
      const model = join(dir, `${variant.replace('/', '-')}.json`);
      const train = await runCli(['train', '--data', fixture('flowers.csv'), '--target', 'species', '--epochs', '30', '--no-chart', '--out', model, '--backend', variant, '--json']);
      expect(train.code, `${variant}: ${train.stderr}`).toBe(0);
      const trained = jsonOf<TrainDoc>(train);
      expect(trained.dataset).toMatchObject({ task: 'classification', trainSamples: 48, testSamples: 12, classes: flowerClasses });
      expect(trained.dataset.inputs).toEqual(['sepal length, cm', 'sepal width, cm', 'petal_length', 'petal_size=large, broad', 'petal_size=medium', 'petal_size=small']);
      expect(trained.dataset.notes[0]).toBe('task classification, inferred: target "species" holds text labels (--task to choose)');
      expect(trained.leakedHandles, variant).toBe(0);

      // flowers-new.csv: nine flowers never trained on, columns in another order, species given.
      const run = await runCli(['predict', '--model', model, '--data', fixture('flowers-new.csv'), '--backend', variant, '--json']);
      expect(run.code, `${variant}: ${run.stderr}`).toBe(0);
      const doc = jsonOf<PredictDoc>(run);
      expect(doc.samples).toBe(9);
      expect(doc.classes).toEqual(flowerClasses);
      expect(doc.predictions.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(doc.predictions.map((p) => p.target)).toEqual(Array.from({ length: 9 }, (_, i) => flowerClasses[i % 3]));
      expect(doc.accuracy, variant).toBeGreaterThanOrEqual(8 / 9);
      for (const p of doc.predictions) {
        expect(flowerClasses).toContain(p.class);
        expect(Object.values(p.probabilities!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        expect(p.probability).toBe(p.probabilities![p.class!]);
      }
      // Same seed, same data: every backend predicts the same classes as the first (js/float32).
      reference ??= doc;
      expect(doc.predictions.map((p) => p.class), variant).toEqual(reference.predictions.map((p) => p.class));
    }
    expect(reference!.accuracy).toBe(1);

    // No target column and yet another column order: class names and probabilities, no accuracy.
    const model = join(dir, 'js-float32.json');
    const unlabelled = await runCli(['predict', '--model', model, '--data', fixture('flowers-new-unlabelled.csv')]);
    expect(unlabelled.code, unlabelled.stderr).toBe(0);
    expect(unlabelled.stdout).toMatch(/^#\s+line\s+predicted\s+probability\s+probabilities$/m);
    expect(unlabelled.stdout).toMatch(/^1\s+2\s+setosa\s+0\.\d{3}\s+setosa 0\.\d{3}, versicolor 0\.\d{3}, virginica 0\.\d{3}$/m);
    expect(unlabelled.stdout).not.toContain('accuracy');
    // The preprocessing is in the model file, readable as plain JSON.
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { version: number; meta: { preprocessing: { features: { name: string; kind: string }[]; target: { classes: string[] } } } };
    expect(saved.meta.preprocessing.target.classes).toEqual(flowerClasses);
    expect(saved.meta.preprocessing.features.map((f) => f.kind)).toEqual(['numeric', 'numeric', 'numeric', 'categorical']);
  });

  it('reads the same rows from CSV, JSON and NDJSON into the same model', async () => {
    const runs = await Promise.all(
      ['flowers.csv', 'flowers.json', 'flowers.ndjson'].map((f) => runCli(['train', '--data', fixture(f), '--target', 'species', '--epochs', '20', '--no-chart', '--json'])),
    );
    const docs = runs.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return jsonOf<TrainDoc>(r);
    });
    for (const d of docs.slice(1)) {
      expect(d.dataset.inputs).toEqual(docs[0]!.dataset.inputs);
      expect(d.test.loss).toBe(docs[0]!.test.loss);
    }
  });

  it('learns a regression (petal width in cm), with --features and --normalize, predicting in the target units', async () => {
    const dir = scratchDir();
    const model = join(dir, 'petal.json');
    const train = await runCli(['train', '--data', fixture('petal-width.csv'), '--target', 'petal_width', '--features', 'species,petal_length', '--normalize', 'minmax', '--epochs', '60', '--no-chart', '--out', model, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const doc = jsonOf<TrainDoc>(train);
    expect(doc.dataset.task).toBe('regression');
    expect(doc.dataset.inputs).toEqual(['species=setosa', 'species=versicolor', 'species=virginica', 'petal_length']);
    expect(doc.dataset.notes[0]).toMatch(/^task regression, inferred: target "petal_width" holds numbers/);
    expect(doc.dataset).toMatchObject({ trainSamples: 120, testSamples: 30 });
    const run = await runCli(['predict', '--model', model, '--data', fixture('petal-width.csv'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const predicted = jsonOf<PredictDoc>(run);
    // Petal widths run 0.1–2.5 cm; always guessing the mean would be off by ~0.66 cm on average.
    expect(predicted.meanAbsoluteError).toBeLessThan(0.25);
    expect(predicted.predictions[0]).toMatchObject({ line: 2, target: 0.2 });
    expect(Math.abs(predicted.predictions[0]!.value! - 0.2)).toBeLessThan(0.3);
  });
});
