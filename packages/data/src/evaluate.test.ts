/**
 * evaluateTable on real networks trained with backend-js on small generated tables: every
 * figure is checked against one computed here another way — the network's own predict on the
 * whole matrix, the generated numbers and class names (not the table's encoding), and plain
 * loops over the scikit-learn definitions.
 */
import { createJsBackend, type JsBackend } from '@backprop/backend-js';
import { createNetwork, evaluate, fit, type Network } from '@backprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { evaluateTable } from './evaluate.js';
import { Preprocessor } from './preprocessor.js';
import { parseCsv } from './read-table.js';

/** mulberry32: a seeded stream of uniforms in [0, 1). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLOURS = ['red', 'green', 'blue'] as const;
const COLOUR_OFFSET = { red: 0, green: 40, blue: -25 };

/** House prices (thousands): 3·area − 2·age + a colour's offset + noise; rows of [area, age, colour, price]. */
function regressionRows(n: number, seed: number): [number, number, string, number][] {
  const u = uniforms(seed);
  return Array.from({ length: n }, () => {
    const area = 50 + 100 * u();
    const age = 40 * u();
    const colour = COLOURS[Math.floor(u() * 3)]!;
    return [area, age, colour, 3 * area - 2 * age + COLOUR_OFFSET[colour] + 10 * (u() - 0.5)];
  });
}

const ANIMALS = ['cat', 'dog', 'bird'] as const;

/** Overlapping 2-d blobs, imbalanced (half cats): rows of [x, y, animal]. */
function classificationRows(n: number, seed: number): [number, number, string][] {
  const u = uniforms(seed);
  const centres = { cat: [0, 0], dog: [1.5, 0.5], bird: [0.5, 1.8] };
  return Array.from({ length: n }, () => {
    const r = u();
    const animal = r < 0.5 ? 'cat' : r < 0.8 ? 'dog' : 'bird';
    const [cx, cy] = centres[animal];
    return [cx! + 1.2 * (u() - 0.5) * 2, cy! + 1.2 * (u() - 0.5) * 2, animal];
  });
}

function csv(header: string, rows: readonly (readonly (number | string)[])[]): string {
  return `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

let backend: JsBackend;
beforeAll(() => {
  backend = createJsBackend({ threads: 1 });
});
afterAll(() => backend.close());

/** The network's outputs for a matrix, as rows: one predict call over every row. */
async function outputsOf(network: Network, x: { data: Float64Array; rows: number; cols: number }): Promise<number[][]> {
  return network.predict(x);
}

describe('evaluateTable', () => {
  it('gives RMSE, MAE and R² of a trained regression in the target units, and the loss, as computed independently', async () => {
    const trainRows = regressionRows(240, 1);
    const testRows = regressionRows(53, 2);
    const train = parseCsv(csv('area,age,colour,price', trainRows), { source: 'train.csv' });
    const test = parseCsv(csv('area,age,colour,price', testRows), { source: 'test.csv' });
    const prep = Preprocessor.fit(train, { target: 'price', task: 'regression' });
    const network = createNetwork(backend, { inputSize: prep.inputSize, layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 3 });
    await fit(network, prep.transform(train), prep.transformTarget(train), { epochs: 60, batchSize: 16, optimizer: { kind: 'adam', lr: 0.01 }, seed: 1 });

    // Batches of 7 rows: 53 rows is 7 full batches and one of 4.
    const result = await evaluateTable(network, prep, test, { batchSize: 7 });

    // Independently: one predict over every row, decoded by hand with the fitted centre and scale,
    // against the generated prices.
    const x = prep.transform(test);
    const { center, scale } = prep.toJSON().target as { center: number; scale: number };
    const predicted = (await outputsOf(network, x)).map((row) => row[0]! * scale + center);
    const actual = testRows.map((r) => r[3]);
    const n = actual.length;
    const errors = predicted.map((p, i) => p - actual[i]!);
    const mean = actual.reduce((s, v) => s + v, 0) / n;
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / n);
    const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / n;
    const r2 = 1 - errors.reduce((s, e) => s + e * e, 0) / actual.reduce((s, v) => s + (v - mean) ** 2, 0);
    const loss = (await evaluate(network, x, prep.transformTarget(test))).loss;

    expect(result.task).toBe('regression');
    if (result.task !== 'regression') return;
    expect(result.target).toBe('price');
    expect(result.rows).toBe(53);
    expect(result.rmse).toBeCloseTo(rmse, 9);
    expect(result.mae).toBeCloseTo(mae, 9);
    expect(result.r2).toBeCloseTo(r2, 9);
    // The backend sums in float32: batches of 7 and one batch of 53 round differently.
    expect(result.loss).toBeCloseTo(loss, 6);
    expect(result.actual).toHaveLength(n);
    actual.forEach((v, i) => expect(result.actual[i]).toBeCloseTo(v, 9));
    predicted.forEach((v, i) => expect(result.predicted[i]).toBeCloseTo(v, 9));
    // It learnt: prices span ~±150 around their mean, with ±5 of noise.
    expect(result.r2!).toBeGreaterThan(0.95);
    expect(result.rmse).toBeLessThan(25);
    expect(result.unknownCategories).toBe(0);
    network.dispose();
  });

  it('gives accuracy, the confusion matrix and per-class precision/recall/F1 of a trained classifier, by class name', async () => {
    const trainRows = classificationRows(300, 5);
    const testRows = classificationRows(120, 6);
    const train = parseCsv(csv('x,y,animal', trainRows), { source: 'train.csv' });
    const test = parseCsv(csv('x,y,animal', testRows), { source: 'test.csv' });
    const prep = Preprocessor.fit(train, { target: 'animal', task: 'classification' });
    const network = createNetwork(backend, {
      inputSize: prep.inputSize,
      layers: [{ units: 12, activation: 'relu' }, { units: prep.outputSize, activation: 'softmax' }],
      loss: 'softmaxCrossEntropy',
      seed: 2,
    });
    await fit(network, prep.transform(train), prep.transformTarget(train), { epochs: 40, batchSize: 16, optimizer: { kind: 'adam', lr: 0.02 }, seed: 1 });

    const result = await evaluateTable(network, prep, test, { batchSize: 50 });

    // Independently: predicted names from one predict call's argmax, actual names from the
    // generated rows, counted by name.
    const classes = prep.classes!;
    const x = prep.transform(test);
    const predictedNames = (await outputsOf(network, x)).map((row) => classes[row.indexOf(Math.max(...row))]!);
    const actualNames = testRows.map((r) => r[2]);
    const count = (f: (i: number) => boolean): number => actualNames.filter((_, i) => f(i)).length;
    expect(result.task).toBe('classification');
    if (result.task !== 'classification') return;
    expect(result.classes).toEqual(classes);
    expect([...classes].sort()).toEqual([...ANIMALS].sort());
    expect(result.rows).toBe(120);
    expect(result.accuracy).toBeCloseTo(count((i) => predictedNames[i] === actualNames[i]) / 120, 12);
    for (const [a, actualName] of classes.entries()) {
      for (const [p, predictedName] of classes.entries()) {
        expect(result.confusion[a]![p], `${actualName} predicted as ${predictedName}`).toBe(count((i) => actualNames[i] === actualName && predictedNames[i] === predictedName));
      }
    }
    let f1Sum = 0;
    for (const name of classes) {
      const tp = count((i) => actualNames[i] === name && predictedNames[i] === name);
      const predictedAs = count((i) => predictedNames[i] === name);
      const support = count((i) => actualNames[i] === name);
      const precision = predictedAs === 0 ? 0 : tp / predictedAs;
      const recall = tp / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      f1Sum += f1;
      const m = result.perClass.find((c) => c.class === name)!;
      expect(m).toMatchObject({ support });
      expect(m.precision).toBeCloseTo(precision, 12);
      expect(m.recall).toBeCloseTo(recall, 12);
      expect(m.f1).toBeCloseTo(f1, 12);
    }
    expect(result.macroF1).toBeCloseTo(f1Sum / 3, 12);
    expect(result.loss).toBeCloseTo((await evaluate(network, x, prep.transformTarget(test))).loss, 6);
    // It learnt, and the blobs overlap: better than always saying "cat" (about half), not perfect.
    expect(result.accuracy).toBeGreaterThan(0.7);
    expect(result.accuracy).toBeLessThan(1);
    network.dispose();
  });

  it('names the missing target column and what the table has; refuses a network of another shape; passes unknownCategory on', async () => {
    const train = parseCsv(csv('area,age,colour,price', regressionRows(40, 3)), { source: 'train.csv' });
    const prep = Preprocessor.fit(train, { target: 'price', task: 'regression' });
    const network = createNetwork(backend, { inputSize: prep.inputSize, layers: [{ units: 1, activation: 'linear' }], loss: 'mse' });

    const unlabelled = parseCsv('area,age,colour\n70,3,red\n', { source: 'new-houses.csv' });
    const missing = await evaluateTable(network, prep, unlabelled).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DataError);
    expect((missing as DataError).message).toBe('evaluateTable: new-houses.csv has no target column "price" to compare the predictions with; its columns are "area", "age", "colour"');
    expect((missing as DataError).location).toMatchObject({ source: 'new-houses.csv', column: 'price' });

    const other = createNetwork(backend, { inputSize: 2, layers: [{ units: 1, activation: 'linear' }], loss: 'mse' });
    await expect(evaluateTable(other, prep, train)).rejects.toThrow(/evaluateTable: the network takes 2 inputs and gives 1 outputs, but the preprocessing makes 5 inputs/);
    await expect(evaluateTable(network, prep, train, { batchSize: 0 })).rejects.toThrow(/batchSize must be a whole number ≥ 1, got 0/);

    const purple = parseCsv('area,age,colour,price\n70,3,purple,200\n80,5,red,230\n', { source: 'purple.csv' });
    await expect(evaluateTable(network, prep, purple)).rejects.toThrow(/purple\.csv line 2, column "colour".*expected one of the categories seen in training/);
    const zeros = await evaluateTable(network, prep, purple, { unknownCategory: 'zeros' });
    expect(zeros.unknownCategories).toBe(1);
    expect(zeros.rows).toBe(2);
    network.dispose();
    other.dispose();
  });
});
