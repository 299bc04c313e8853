/**
 * Seeded train/test splits. The seed is fixed per dataset and independent of `--seed`, so the
 * test part is the same whatever seed a model was trained with: a model trained with --seed 5
 * and checked with `backprop predict --dataset mnist` never sees its training digits as tests.
 */
import { splitIndices } from '@backprop/data';
import type { Split } from './dataset.js';

export const SPLIT_SEED = 20240611;

function take(x: Float64Array, y: Float64Array, inputs: number, outputs: number, rows: Uint32Array): Split {
  const sx = new Float64Array(rows.length * inputs);
  const sy = new Float64Array(rows.length * outputs);
  rows.forEach((row, i) => {
    sx.set(x.subarray(row * inputs, (row + 1) * inputs), i * inputs);
    sy.set(y.subarray(row * outputs, (row + 1) * outputs), i * outputs);
  });
  return { x: sx, y: sy, rows: rows.length };
}

/**
 * Splits samples into train and test with `testFraction` of each group in test, through
 * @backprop/data's `splitIndices` (the project's one split). `groupOf` gives a sample's class
 * (a whole number ≥ 0) for a stratified split (every class keeps its share), or 0 for a plain
 * one. The training part's classes are mixed, so a prefix of it (--limit) has every class.
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
  const groups = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) groups[r] = groupOf(r);
  const { train, test } = splitIndices(rows, { testFraction, seed: SPLIT_SEED, groups });
  return { train: take(x, y, inputs, outputs, train), test: take(x, y, inputs, outputs, test) };
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
