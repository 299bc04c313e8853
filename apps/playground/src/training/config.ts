/**
 * What the person chose on the page, and how it becomes core's network and optimizer specs.
 * Every dataset here is classification: the output layer is softmax over the classes, trained
 * with softmax cross-entropy.
 */
import { hiddenActivations, optimizerKinds } from '@backprop/backends';
import type { Activation, NetworkSpec, OptimizerSpec } from '@backprop/core';
import type { DatasetName, OptimizerKind } from '../data/index.js';

export interface TrainConfig {
  readonly dataset: DatasetName;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly optimizer: OptimizerKind;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
}

/** Every optimizer core knows (its registry), so the page offers a new one the day it lands. */
export const OPTIMIZERS: readonly OptimizerKind[] = optimizerKinds();

/** Activations a hidden layer may use: every one core knows that is not row-wise (softmax belongs on an output). */
export const HIDDEN_ACTIVATIONS: readonly Activation[] = hiddenActivations();

const MAX_UNITS = 1024;
const MAX_LAYERS = 8;

/**
 * Reads "32, 32" into [32, 32]. Empty text means no hidden layer (a linear classifier).
 * Throws an Error naming the field, what it expects and what came.
 */
export function parseHiddenLayers(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,]+/);
  if (parts.length > MAX_LAYERS) throw new Error(`hidden layers: at most ${MAX_LAYERS} layers, got ${parts.length} ("${text}")`);
  return parts.map((part) => {
    const units = Number(part);
    if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
      throw new Error(`hidden layers: each size must be a whole number from 1 to ${MAX_UNITS}, got "${part}" in "${text}"`);
    }
    return units;
  });
}

export function networkSpecOf(config: TrainConfig, inputSize: number, classes: number): NetworkSpec {
  return {
    inputSize,
    layers: [...config.hidden.map((units) => ({ units, activation: config.activation })), { units: classes, activation: 'softmax' }],
    loss: 'softmaxCrossEntropy',
    seed: config.seed,
  };
}

/** The chosen kind at the chosen rate; core fills the kind's other hyperparameters with its defaults (momentum 0.9, Adam's β1 0.9, β2 0.999). */
export function optimizerSpecOf(config: TrainConfig): OptimizerSpec {
  return { kind: config.optimizer, lr: config.lr };
}

/** The layer sizes as the CLI prints them: 2-32-32-3. */
export function shapeText(inputSize: number, hidden: readonly number[], classes: number): string {
  return [inputSize, ...hidden, classes].join('-');
}
