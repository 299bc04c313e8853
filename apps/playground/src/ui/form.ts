/** The controls: filled from the datasets and core's lists, read into a TrainConfig. */
import { DATASET_NAMES, isDatasetName, type Dataset } from '../data/index.js';
import { HIDDEN_ACTIVATIONS, OPTIMIZERS, parseHiddenLayers, type TrainConfig } from '../training/config.js';
import { defaultLearningRate } from '@backprop/backends';
import type { Activation } from '@backprop/core';
import type { OptimizerKind } from '../data/index.js';
import { byId, fillSelect } from './dom.js';

export class Controls {
  readonly dataset = byId('dataset', HTMLSelectElement);
  readonly hidden = byId('hidden', HTMLInputElement);
  readonly activation = byId('activation', HTMLSelectElement);
  readonly optimizer = byId('optimizer', HTMLSelectElement);
  readonly lr = byId('lr', HTMLInputElement);
  readonly batchSize = byId('batch-size', HTMLInputElement);
  readonly epochs = byId('epochs', HTMLInputElement);
  readonly seed = byId('seed', HTMLInputElement);
  private readonly description = byId('dataset-description', HTMLParagraphElement);
  /** The current dataset's settings, for the learning rate that goes with its own optimizer. */
  private defaults: Dataset['defaults'] | undefined;

  constructor() {
    fillSelect(this.dataset, DATASET_NAMES.map((name) => ({ value: name, label: name === 'digits' ? 'digits (real MNIST)' : name })));
    fillSelect(this.activation, HIDDEN_ACTIVATIONS.map((a) => ({ value: a, label: a })));
    fillSelect(this.optimizer, OPTIMIZERS.map((o) => ({ value: o, label: o })));
    this.seed.value = '1';
    // Another optimizer wants another rate: the dataset's own for its optimizer, else the rule's default from core.
    this.optimizer.addEventListener('change', () => {
      const kind = this.optimizer.value as OptimizerKind;
      this.lr.value = String(kind === this.defaults?.optimizer ? this.defaults.lr : defaultLearningRate(kind));
    });
  }

  /** Puts the dataset's own settings in the controls. */
  applyDefaults(dataset: Dataset): void {
    const d = dataset.defaults;
    this.defaults = d;
    this.hidden.value = d.hidden.join(', ');
    this.activation.value = d.activation;
    this.optimizer.value = d.optimizer;
    this.lr.value = String(d.lr);
    this.batchSize.value = String(d.batchSize);
    this.epochs.value = String(d.epochs);
    this.description.textContent = dataset.description;
    // Which dataset the fields now hold the settings of (tests wait for it after a change).
    this.description.dataset.dataset = dataset.name;
  }

  /** Puts a saved model's settings back (what the playground recorded when it saved it). */
  applyConfig(config: Partial<TrainConfig>): void {
    if (config.hidden) this.hidden.value = config.hidden.join(', ');
    if (config.activation) this.activation.value = config.activation;
    if (config.optimizer) this.optimizer.value = config.optimizer;
    if (config.lr !== undefined) this.lr.value = String(config.lr);
    if (config.batchSize !== undefined) this.batchSize.value = String(config.batchSize);
    if (config.epochs !== undefined) this.epochs.value = String(config.epochs);
    if (config.seed !== undefined) this.seed.value = String(config.seed);
  }

  /** The settings, checked; throws an Error naming the field that is wrong. */
  read(): TrainConfig {
    const dataset = this.dataset.value;
    if (!isDatasetName(dataset)) throw new Error(`dataset: choose one of ${DATASET_NAMES.join(', ')}`);
    const number = (input: HTMLInputElement, name: string, check: (v: number) => boolean, expected: string): number => {
      const value = Number(input.value);
      if (input.value.trim() === '' || !check(value)) throw new Error(`${name}: expected ${expected}, got "${input.value}"`);
      return value;
    };
    return {
      dataset,
      hidden: parseHiddenLayers(this.hidden.value),
      activation: this.activation.value as Activation,
      optimizer: this.optimizer.value as OptimizerKind,
      lr: number(this.lr, 'learning rate', (v) => v > 0 && v <= 10, 'a number above 0 and at most 10'),
      batchSize: number(this.batchSize, 'batch size', (v) => Number.isInteger(v) && v >= 1, 'a whole number from 1'),
      epochs: number(this.epochs, 'epochs', (v) => Number.isInteger(v) && v >= 1 && v <= 10_000, 'a whole number from 1 to 10,000'),
      seed: number(this.seed, 'seed', (v) => Number.isInteger(v), 'a whole number'),
    };
  }
}
