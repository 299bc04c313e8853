import { describe, expect, test } from 'vitest';
import { OPTIMIZER_KINDS, resolveOptimizer } from '@backprop/core';
import { HIDDEN_ACTIVATIONS, networkSpecOf, OPTIMIZERS, optimizerSpecOf, parseHiddenLayers, shapeText, type TrainConfig } from './config.js';

const config: TrainConfig = { dataset: 'spirals', hidden: [32, 16], activation: 'tanh', optimizer: 'momentum', lr: 0.05, batchSize: 32, epochs: 10, seed: 7 };

describe('parseHiddenLayers', () => {
  test('reads sizes separated by commas or spaces; empty means none', () => {
    expect(parseHiddenLayers('32, 32')).toEqual([32, 32]);
    expect(parseHiddenLayers(' 8 4,2 ')).toEqual([8, 4, 2]);
    expect(parseHiddenLayers('')).toEqual([]);
  });

  test('names the field and the bad part', () => {
    expect(() => parseHiddenLayers('32, x')).toThrow('hidden layers: each size must be a whole number from 1 to 1024, got "x" in "32, x"');
    expect(() => parseHiddenLayers('0')).toThrow('got "0"');
    expect(() => parseHiddenLayers('2.5')).toThrow('got "2.5"');
    expect(() => parseHiddenLayers('1 1 1 1 1 1 1 1 1')).toThrow('at most 8 layers, got 9');
  });
});

test('the network: hidden layers with the chosen activation, softmax over the classes, cross-entropy, the seed', () => {
  expect(networkSpecOf(config, 2, 3)).toEqual({
    inputSize: 2,
    layers: [
      { units: 32, activation: 'tanh' },
      { units: 16, activation: 'tanh' },
      { units: 3, activation: 'softmax' },
    ],
    loss: 'softmaxCrossEntropy',
    seed: 7,
  });
});

test('the optimizer spec of each kind core knows, which core resolves with its own defaults', () => {
  expect(OPTIMIZERS).toEqual(OPTIMIZER_KINDS);
  for (const kind of OPTIMIZERS) expect(optimizerSpecOf({ ...config, optimizer: kind })).toEqual({ kind, lr: 0.05 });
  expect(resolveOptimizer(optimizerSpecOf(config))).toMatchObject({ kind: 'momentum', lr: 0.05, momentum: 0.9 });
});

test('hidden activations are core’s, without softmax', () => {
  expect(HIDDEN_ACTIVATIONS).toContain('relu');
  expect(HIDDEN_ACTIVATIONS).not.toContain('softmax');
  expect(shapeText(784, [64], 10)).toBe('784-64-10');
});
