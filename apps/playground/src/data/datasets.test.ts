import { loadDataset as loadCliDataset } from '@backprop/demo';
import { describe, expect, test } from 'vitest';
import { DATASET_NAMES, loadDataset, oneHot } from './index.js';

describe.each(DATASET_NAMES)('%s', (name) => {
  test('has finite inputs and every class; 2-D sets lie inside the plotted square', async () => {
    const d = await loadDataset(name);
    expect(d.train.x.length).toBe(d.train.rows * d.inputSize);
    expect(d.train.x.every(Number.isFinite)).toBe(true);
    expect(new Set(d.train.labels).size).toBe(d.classes);
    if (d.extent !== undefined) {
      expect(d.inputSize).toBe(2);
      expect(d.train.x.every((v) => Math.abs(v) <= d.extent!)).toBe(true);
    }
  });
});

test('spirals are the CLI’s spirals, point for point', async () => {
  const ours = await loadDataset('spirals');
  const cli = loadCliDataset('spirals');
  const key = (x: ArrayLike<number>, r: number): string => `${x[r * 2]},${x[r * 2 + 1]}`;
  const theirs: string[] = [];
  for (const split of [cli.train, cli.test]) for (let r = 0; r < split.rows; r++) theirs.push(key(split.x, r));
  const mine = Array.from({ length: ours.train.rows }, (_, r) => key(ours.train.x, r));
  expect(mine.sort()).toEqual(theirs.sort());
});

test('digits: 600 real digits to train on and 200 held out, 784 grey levels in 0..1 each', async () => {
  const d = await loadDataset('digits');
  expect([d.train.rows, d.test?.rows, d.inputSize, d.classes]).toEqual([600, 200, 784, 10]);
  expect(d.train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  // A real digit has ink: about a fifth of its pixels are on.
  const ink = d.train.x.subarray(0, 784).filter((v) => v > 0.5).length;
  expect(ink).toBeGreaterThan(40);
  expect(ink).toBeLessThan(400);
});

test('oneHot', () => {
  expect(Array.from(oneHot(Uint8Array.from([2, 0]), 3))).toEqual([0, 0, 1, 1, 0, 0]);
});
