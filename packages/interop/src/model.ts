/**
 * The model every exporter reads and every importer produces: a feed-forward network of dense
 * layers as plain arrays, with the preprocessing saved beside it. It is what core's saved format
 * holds, without a backend, so exporters need none and importers can validate everything before
 * anything is built.
 */
import { ModelFormatError, networkFromWeights, resolveNetworkSpec, type Activation, type Backend, type Loss, type Network, type Ops } from '@backprop/core';
import { readPreprocessing, type PreprocessingJSON } from '@backprop/data';

export interface PortableLayer {
  /** Inputs of the layer (the previous layer's units, or the network's input size). */
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  /** leakyRelu's negative slope (core keeps it on every layer; other kinds ignore it). */
  readonly alpha: number;
  /** inputs × units, row-major: Z = A·W + b, as core's `Z_l = A_{l-1}·W_l + b_l`. */
  readonly w: Float32Array;
  /** units values. */
  readonly b: Float32Array;
  /** Fraction of the outputs dropped in training (hidden layers; absent when 0). Inference ignores it. */
  readonly dropout?: number;
}

export interface PortableModel {
  readonly inputSize: number;
  readonly loss: Loss;
  readonly layers: readonly PortableLayer[];
  /** The preprocessing saved with a model trained on a table (`meta.preprocessing`), validated. */
  readonly preprocessing?: PreprocessingJSON;
  /** Class names in output order, when known without preprocessing (an imported classifier's labels). */
  readonly classes?: readonly string[];
}

/**
 * The network's weights (converted to float32: every export format here stores float32) and the
 * preprocessing in `meta.preprocessing`, validated with @backprop/data's rules (throws its
 * DataError naming the field when the saved preprocessing is malformed).
 */
export async function portableFromNetwork(network: Network, meta: Record<string, unknown> = {}): Promise<PortableModel> {
  const weights = await network.getWeights();
  const layers = network.spec.layers.map((l, i): PortableLayer => {
    const lw = weights[i]!;
    return {
      inputs: lw.inputs,
      units: lw.units,
      activation: l.activation,
      alpha: l.alpha,
      w: Float32Array.from(lw.w),
      b: Float32Array.from(lw.b),
      ...(l.dropout ? { dropout: l.dropout } : {}),
    };
  });
  const preprocessing = meta.preprocessing === undefined ? undefined : readPreprocessing(meta.preprocessing);
  return { inputSize: network.spec.inputSize, loss: network.spec.loss, layers, ...(preprocessing ? { preprocessing } : {}) };
}

/**
 * Builds the model on `backend` after core's own checks (the same rules as createNetwork and
 * loadModel: activation kinds, alpha, dropout, loss pairing), and returns the `meta` to save with
 * it so that `backprop predict` applies the same preprocessing.
 */
export function networkFromPortable(model: PortableModel, backend: Backend | Ops, operation = 'import'): { network: Network; meta: Record<string, unknown> } {
  const spec = resolveNetworkSpec(
    { inputSize: model.inputSize, loss: model.loss, layers: model.layers.map((l) => ({ units: l.units, activation: l.activation, alpha: l.alpha, ...(l.dropout ? { dropout: l.dropout } : {}) })) },
    {
      name: 'network',
      field: (layer, name) => (layer === undefined ? `network.${name}` : `layers[${layer}].${name}`),
      fail: (detail) => new ModelFormatError(detail, operation),
      requireKinds: true,
    },
  );
  const network = networkFromWeights(
    backend,
    spec,
    model.layers.map((l) => ({ w: l.w, b: l.b, inputs: l.inputs, units: l.units })),
  );
  const meta: Record<string, unknown> = {};
  if (model.preprocessing) meta.preprocessing = model.preprocessing;
  if (model.classes) meta.classes = [...model.classes];
  return { network, meta };
}

/** The class names in output order: the preprocessing's, else the imported labels, else none. */
export function classNamesOf(model: PortableModel): readonly string[] | undefined {
  const t = model.preprocessing?.target;
  if (t?.kind === 'classes') return t.classes;
  return model.classes;
}
