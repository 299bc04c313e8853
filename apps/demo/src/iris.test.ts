/** The built-in iris dataset: real flowers, a stated held-out split, ≥ 95% on it, class names through predict. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli, scratchDir } from './test-support/run-cli.js';

interface TrainDoc {
  dataset: { name: string; description: string; trainSamples: number; testSamples: number; split: string; classes: string[] };
  network: { shape: string };
  test: { accuracy: number };
}

interface PredictDoc {
  samples: number;
  accuracy: number;
  predictions: { class: string; target?: string; probabilities: Record<string, number> }[];
}

describe('backprop train --dataset iris', () => {
  it('reaches at least 95% on the 75 held-out flowers, and predict names the species', async () => {
    const dir = scratchDir();
    const model = join(dir, 'iris.json');
    const run = await runCli(['train', '--dataset', 'iris', '--no-chart', '--out', model, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<TrainDoc>(run);
    expect(doc.dataset).toMatchObject({ name: 'iris', trainSamples: 75, testSamples: 75, classes: ['setosa', 'versicolor', 'virginica'] });
    expect(doc.dataset.split).toContain('seeded stratified 50/50 split: 75 train / 75 test flowers');
    expect(doc.network.shape).toBe('4-16-3');
    expect(doc.test.accuracy).toBeGreaterThanOrEqual(0.95);

    // The model remembers its dataset: predict measures the same held-out flowers, by name.
    const predicted = jsonOf<PredictDoc>(await runCli(['predict', '--model', model, '--json']));
    expect(predicted.samples).toBe(75);
    expect(predicted.accuracy).toBeCloseTo(doc.test.accuracy, 6);
    expect(Object.keys(predicted.predictions[0]!.probabilities)).toEqual(['setosa', 'versicolor', 'virginica']);

    // And a CSV of measurements, named like the dataset's columns, in another order.
    const flowers = join(dir, 'measured.csv');
    writeFileSync(flowers, 'petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n1.3,4.1,2.8,5.7\n2.3,5.9,3.2,6.8\n');
    const named = jsonOf<PredictDoc>(await runCli(['predict', '--model', model, '--data', flowers, '--json']));
    expect(named.predictions.map((p) => p.class)).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});
