/**
 * From the flags of `train` to a core NetworkSpec and OptimizerSpec, with the dataset's defaults
 * for whatever the user left out, and usage errors for combinations core would refuse later
 * with a less helpful message (a softmax over one output, cross-entropy on a regression).
 */
import { ACTIVATIONS, LOSS_DEFINITIONS, LOSSES, OPTIMIZER_KINDS, pairedOutputActivation, updateRule, type Activation, type Loss, type NetworkSpec, type OptimizerSpec } from '@backprop/core';
import type { Dataset } from './datasets/index.js';
import type { OptimizerKind } from './datasets/dataset.js';
import { usageError } from './errors.js';

/** Core's optimizer registry: a rule added there is a choice here. */
export const OPTIMIZERS: readonly OptimizerKind[] = OPTIMIZER_KINDS;

export interface NetworkFlags {
  readonly layers?: readonly number[];
  readonly activation?: Activation;
  readonly loss?: Loss;
  readonly optimizer?: OptimizerKind;
  readonly lr?: number;
  readonly seed: number;
  /** Dropout rate of every hidden layer, in [0, 1). */
  readonly dropout?: number;
  /** Decoupled weight decay (AdamW's); with another optimizer, an L2-style decay core applies. */
  readonly weightDecay?: number;
}

/** "256" or "128,64": hidden layer sizes. */
export function parseHiddenLayers(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const sizes = parts.map(Number);
  if (text.trim() === '' || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw usageError(`--layers must be hidden layer sizes separated by commas, like 256 or 128,64; got '${text}'`);
  }
  return sizes;
}

/** "784-512-10": a whole network shape, input first, for bench workloads. */
export function parseShape(text: string): number[] {
  const sizes = text.split('-').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw usageError(`a shape must be layer sizes joined by '-', input first, like 784-512-10; got '${text}'`);
  }
  return sizes;
}

/** The loss's own output activation (its definition in core pairs it), else the dataset's. */
function outputActivationFor(loss: Loss, dataset: Dataset): Activation {
  return pairedOutputActivation(loss) ?? dataset.defaults.outputActivation;
}

function checkLossFits(loss: Loss, dataset: Dataset): void {
  const definition = LOSS_DEFINITIONS[loss];
  if (definition.targets === 'real') return;
  if (dataset.task === 'regression') {
    throw usageError(`--loss ${loss} is for classification, and dataset ${dataset.name} is a regression`, 'use --loss mse');
  }
  if (dataset.outputSize < definition.minOutputs) {
    const others = LOSSES.filter((l) => l !== loss && dataset.outputSize >= LOSS_DEFINITIONS[l].minOutputs);
    throw usageError(`--loss ${loss} needs at least ${definition.minOutputs} outputs, and dataset ${dataset.name} has ${dataset.outputSize}`, `use --loss ${others.join(' or ')}`);
  }
}

export function networkSpecFor(dataset: Dataset, flags: NetworkFlags): NetworkSpec {
  const loss = flags.loss ?? dataset.defaults.loss;
  if (!LOSSES.includes(loss)) throw usageError(`unknown loss '${String(loss)}'`, `choose one of ${LOSSES.join(', ')}`);
  checkLossFits(loss, dataset);
  const activation = flags.activation ?? dataset.defaults.activation;
  if (!ACTIVATIONS.includes(activation)) throw usageError(`unknown activation '${String(activation)}'`, `choose one of ${ACTIVATIONS.join(', ')}`);
  const hidden = flags.layers ?? dataset.defaults.hidden;
  return {
    inputSize: dataset.inputSize,
    layers: [
      ...hidden.map((units) => ({ units, activation, ...(flags.dropout ? { dropout: flags.dropout } : {}) })),
      { units: dataset.outputSize, activation: outputActivationFor(loss, dataset) },
    ],
    loss,
    seed: flags.seed,
  };
}

export function optimizerSpecFor(dataset: Dataset, flags: NetworkFlags): OptimizerSpec {
  const kind = flags.optimizer ?? dataset.defaults.optimizer;
  // A default learning rate only fits the default optimizer; Adam wants ~0.001, SGD ~0.01–0.5.
  const lr = flags.lr ?? (kind === dataset.defaults.optimizer ? dataset.defaults.lr : updateRule(kind).defaultLr);
  return { kind, lr, ...(flags.weightDecay !== undefined ? { weightDecay: flags.weightDecay } : {}) };
}

/** "784-256-10". */
export function shapeText(spec: NetworkSpec): string {
  return [spec.inputSize, ...spec.layers.map((l) => l.units)].join('-');
}
