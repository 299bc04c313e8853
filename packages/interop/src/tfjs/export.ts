/**
 * Export to the TensorFlow.js layers format: `model.json` (a Keras Sequential topology and the
 * weights manifest) and one weights file of little-endian float32, which `tf.loadLayersModel`
 * loads unchanged. Each dense layer is a `Dense`; core's activations map to tfjs-layers' own:
 * silu → 'swish' (x·σ(x)), gelu is refused (tfjs-layers 4.22 cannot load its tanh form 'gelu_new'
 * from model.json, and its 'gelu' is the erf form),
 * leakyRelu → a linear Dense then a `LeakyReLU` layer with core's α, elu → 'elu' (tfjs-layers
 * has only α = 1; another α is refused). The preprocessing and class names cannot be layers
 * (strings, columns): they travel in `userDefinedMetadata.backprop`, and the model takes the
 * preprocessed inputs.
 */
import type { Activation } from '@backprop/core';
import { float32Bytes } from '../base64.js';
import { InteropError } from '../errors.js';
import { classNamesOf, type PortableModel } from '../model.js';

export interface TfjsLayersArtifacts {
  /** The content of model.json. */
  readonly modelJson: Record<string, unknown>;
  /** The weights file's bytes. */
  readonly weights: Uint8Array;
  /** The weights file's name, as model.json refers to it. */
  readonly weightsFile: string;
}

/** The activation string of a Dense, or the extra layer that follows a linear Dense. */
const TFJS_ACTIVATIONS: Record<Activation, (alpha: number, layer: number) => { activation: string; after?: Record<string, unknown> }> = {
  relu: () => ({ activation: 'relu' }),
  leakyRelu: (alpha) => ({ activation: 'linear', after: { class_name: 'LeakyReLU', config: { alpha } } }),
  sigmoid: () => ({ activation: 'sigmoid' }),
  tanh: () => ({ activation: 'tanh' }),
  linear: () => ({ activation: 'linear' }),
  softmax: () => ({ activation: 'softmax' }),
  gelu: (_alpha, layer) => {
    // Measured with tfjs-layers 4.22: model.json's 'gelu_new' is looked up as 'geluNew', which is not registered, so no file can name it.
    throw new InteropError('exportTfjsLayers', `layers[${layer}].activation`, "is gelu: tfjs-layers 4.22 cannot load its tanh GELU ('gelu_new') from model.json (it looks the name up as 'geluNew' and fails), and its 'gelu' is the erf form, a different function; export to ONNX or the standalone module instead");
  },
  silu: () => ({ activation: 'swish' }),
  softplus: () => ({ activation: 'softplus' }),
  elu: (alpha, layer) => {
    if (alpha !== 1) throw new InteropError('exportTfjsLayers', `layers[${layer}].alpha`, `is ${alpha}: tfjs-layers' ELU supports only α = 1 (its ELU layer throws NotImplementedError for others); export to ONNX or the standalone module instead`);
    return { activation: 'elu' };
  },
};

export function exportTfjsLayers(model: PortableModel, weightsFile = 'weights.bin'): TfjsLayersArtifacts {
  if (!/^[\w.-]+$/.test(weightsFile)) throw new InteropError('exportTfjsLayers', 'weightsFile', `must be a plain file name, got ${JSON.stringify(weightsFile)}`);
  const layers: Record<string, unknown>[] = [];
  const manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const chunks: Uint8Array[] = [];
  model.layers.forEach((l, i) => {
    const name = `dense_${i + 1}`;
    const { activation, after } = TFJS_ACTIVATIONS[l.activation](l.alpha, i);
    layers.push({
      class_name: 'Dense',
      config: { name, trainable: true, dtype: 'float32', units: l.units, activation, use_bias: true, ...(i === 0 ? { batch_input_shape: [null, model.inputSize] } : {}) },
    });
    if (after) layers.push({ ...after, config: { name: `${String(after.class_name).toLowerCase()}_${i + 1}`, trainable: true, dtype: 'float32', ...(after.config as object) } });
    manifest.push({ name: `${name}/kernel`, shape: [l.inputs, l.units], dtype: 'float32' }, { name: `${name}/bias`, shape: [l.units], dtype: 'float32' });
    chunks.push(float32Bytes(l.w), float32Bytes(l.b));
  });
  const weights = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    weights.set(c, offset);
    offset += c.length;
  }
  const classes = classNamesOf(model);
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: 'backprop (@backprop/interop)',
      convertedBy: null,
      modelTopology: { class_name: 'Sequential', config: { name: 'backprop', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
      weightsManifest: [{ paths: [weightsFile], weights: manifest }],
      userDefinedMetadata: {
        backprop: { loss: model.loss, ...(model.preprocessing ? { preprocessing: model.preprocessing } : {}), ...(classes ? { classes } : {}) },
      },
    },
    weights,
    weightsFile,
  };
}
