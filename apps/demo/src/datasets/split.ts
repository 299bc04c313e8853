/**
 * Seeded train/test splits. The seed is fixed per dataset and independent of `--seed`, so the
 * test part is the same whatever seed a model was trained with: a model trained with --seed 5
 * and checked with `backprop predict --dataset mnist` never sees its training digits as tests.
 */
import { Random } from '@backprop/core';
import type { Split } from './dataset.js';

export const SPLIT_SEED = 20240611;

function take(x: Float64Array, y: Float64Array, inputs: number, outputs: number, rows: readonly number[]): Split {
  const sx = new Float64Array(rows.length * inputs);
  const sy = new Float64Array(rows.length * outputs);
  rows.forEach((row, i) => {
    sx.set(x.subarray(row * inputs, (row + 1) * inputs), i * inputs);
    sy.set(y.subarray(row * outputs, (row + 1) * outputs), i * outputs);
  });
  return { x: sx, y: sy, rows: rows.length };
}

function shuffled(indices: number[], random: Random): number[] {
  const a = Uint32Array.from(indices);
  random.shuffle(a);
  return Array.from(a);
}

/**
 * Splits samples into train and test with `testFraction` of each group in test. `groupOf` gives
 * a sample's class for a stratified split (every class keeps its share), or 0 for a plain one.
 */
export function splitSamples(
  x: Float64Array,
  y: Float64Array,
  inputs: number,
  outputs: number,
  testFraction: number,
  groupOf: (row: number) => number,
): { train: Split; test: Split } {
  const rows = x.length / inputs;
  const groups = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const g = groupOf(r);
    const list = groups.get(g) ?? [];
    list.push(r);
    groups.set(g, list);
  }
  const random = new Random(SPLIT_SEED);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const members = shuffled(groups.get(g)!, random);
    const testCount = Math.round(members.length * testFraction);
    testRows.push(...members.slice(0, testCount));
    trainRows.push(...members.slice(testCount));
  }
  // Mix the classes so a prefix of the training split (--limit) has every class.
  return {
    train: take(x, y, inputs, outputs, shuffled(trainRows, random)),
    test: take(x, y, inputs, outputs, shuffled(testRows, random)),
  };
}

/** The class of a one-hot row. */
export function oneHotClass(y: Float64Array, outputs: number): (row: number) => number {
  return (row) => {
    let best = 0;
    for (let c = 1; c < outputs; c++) if (y[row * outputs + c]! > y[row * outputs + best]!) best = c;
    return best;
  };
}

/** The first `rows` samples of a split. */
export function headOf(split: Split, rows: number, inputs: number, outputs: number): Split {
  if (rows >= split.rows) return split;
  return { x: split.x.slice(0, rows * inputs), y: split.y.slice(0, rows * outputs), rows };
}
