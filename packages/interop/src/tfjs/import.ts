/**
 * importTfjsLayers: a Sequential network of Dense layers from the TensorFlow.js layers format
 * (what `model.save('file://…')` writes, what tensorflowjs_converter makes of a Keras model,
 * and what exportTfjsLayers writes). Supported, in a Sequential topology:
 *
 * - InputLayer; Dense (any units, with or without bias) with activation linear, relu, sigmoid,
 *   tanh, softmax, softplus, swish/silu, gelu_new (tanh form), elu;
 * - after a Dense: an Activation layer of those, LeakyReLU (0 ≤ α ≤ 1), ELU, ReLU (plain),
 *   Softmax (last axis); Dropout (kept as that layer's training dropout).
 *
 * Refused, naming the layer: functional models, convolutions, recurrences, normalisation,
 * 'gelu' (tfjs's erf form, not core's), quantized or non-float32 weights. model.json is untrusted:
 * its size is checked, every count and shape before allocation, and weight files are read only
 * from plain names beside it (see node.ts).
 */
import { isLoss, type Activation, type Loss } from '@backprop/core';
import { readPreprocessing, type PreprocessingJSON } from '@backprop/data';
import { InteropError, UnsupportedModelError } from '../errors.js';
import { lossFor } from '../loss.js';
import type { PortableLayer, PortableModel } from '../model.js';

const OP = 'importTfjsLayers';
const MAX_LAYERS = 1_000;
/** The most values one weight may hold (a 16,384 × 16,384 matrix). */
const MAX_VALUES = 2 ** 28;

export const SUPPORTED_TFJS =
  'a Sequential model of Dense layers (activation linear, relu, sigmoid, tanh, softmax, softplus, swish/silu, gelu_new, elu), each optionally followed by Activation, LeakyReLU, ELU, ReLU, Softmax or Dropout; InputLayer';

export interface TfjsImportOptions {
  /** The loss to train with; default the file's own (exportTfjsLayers saves it), else from the output layer. */
  readonly loss?: Loss;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(field: string, detail: string): InteropError {
  return new InteropError(OP, field, detail);
}

/** What a weights manifest asks for: its files (plain names) and each weight's place in them. */
export interface WeightsPlan {
  /** Per group: file names, whose bytes are concatenated. */
  readonly groups: readonly { paths: readonly string[]; bytes: number }[];
  readonly entries: ReadonlyMap<string, { group: number; offset: number; shape: readonly number[]; field: string }>;
}

/** Validates the weights manifest (names, shapes, float32) and plans where each weight lies. */
export function planWeights(modelJson: unknown): WeightsPlan {
  if (!isObject(modelJson)) throw fail('model.json', 'must be a JSON object');
  const manifest = modelJson.weightsManifest;
  if (!Array.isArray(manifest)) throw fail('weightsManifest', 'must be an array of weight groups');
  if (manifest.length > MAX_LAYERS) throw fail('weightsManifest', `has ${manifest.length} groups, more than ${MAX_LAYERS}`);
  const groups: { paths: string[]; bytes: number }[] = [];
  const entries = new Map<string, { group: number; offset: number; shape: number[]; field: string }>();
  manifest.forEach((g: unknown, gi) => {
    const field = `weightsManifest[${gi}]`;
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) throw fail(field, 'must be { paths: [...], weights: [...] }');
    const paths = g.paths.map((p: unknown, pi) => {
      if (typeof p !== 'string' || !/^[\w.-]+$/.test(p) || p === '.' || p === '..') throw fail(`${field}.paths[${pi}]`, `must be a plain file name beside model.json (letters, digits, _ . -), got ${JSON.stringify(p)}`);
      return p;
    });
    let offset = 0;
    (g.weights as unknown[]).forEach((w, wi) => {
      const wf = `${field}.weights[${wi}]`;
      if (!isObject(w) || typeof w.name !== 'string') throw fail(wf, 'must be { name, shape, dtype }');
      if (w.quantization !== undefined) throw new UnsupportedModelError(OP, `${wf}.quantization`, 'is set: quantized weights are not supported; save the model unquantized');
      if (w.dtype !== 'float32') throw new UnsupportedModelError(OP, `${wf}.dtype`, `must be 'float32', got ${JSON.stringify(w.dtype)}`);
      if (!Array.isArray(w.shape) || w.shape.length > 4 || !w.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) throw fail(`${wf}.shape`, `must be a list of at most 4 non-negative integers, got ${JSON.stringify(w.shape)?.slice(0, 80)}`);
      const shape = w.shape as number[];
      const count = shape.reduce((a, b) => a * b, 1);
      if (count > MAX_VALUES) throw fail(`${wf}.shape`, `[${shape.join(',')}] holds ${count} values, more than the ${MAX_VALUES} a weight may have here`);
      if (entries.has(w.name)) throw fail(`${wf}.name`, `${JSON.stringify(w.name)} appears twice`);
      entries.set(w.name, { group: gi, offset, shape, field: wf });
      offset += count * 4;
    });
    groups.push({ paths, bytes: offset });
  });
  return { groups, entries };
}

interface PendingDense {
  name: string;
  units: number;
  useBias: boolean;
  activation?: Activation;
  alpha?: number;
  dropout?: number;
  field: string;
}

/** Reads model.json's topology and the weights (one byte array per group, the files concatenated). */
export function importTfjsLayers(modelJson: unknown, groupBytes: readonly Uint8Array[], options: TfjsImportOptions = {}): PortableModel {
  const plan = planWeights(modelJson);
  const json = modelJson as Json;
  if (json.format === 'graph-model') throw new UnsupportedModelError(OP, 'format', "is 'graph-model' (converted from a SavedModel): only layers models can be imported");
  let topology = json.modelTopology;
  if (isObject(topology) && isObject(topology.model_config)) topology = topology.model_config;
  if (!isObject(topology)) throw fail('modelTopology', 'must be an object');
  if (topology.class_name !== 'Sequential') throw new UnsupportedModelError(OP, 'modelTopology.class_name', `is ${JSON.stringify(topology.class_name)}: only Sequential models are supported (${SUPPORTED_TFJS})`);
  const config = topology.config;
  const layerList: unknown = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(layerList) || layerList.length === 0) throw fail('modelTopology.config.layers', 'must be a non-empty array');
  if (layerList.length > MAX_LAYERS) throw fail('modelTopology.config.layers', `has ${layerList.length} layers, more than ${MAX_LAYERS}`);

  groupBytes.forEach((bytes, gi) => {
    const want = plan.groups[gi]?.bytes;
    if (want !== undefined && bytes.length !== want) throw fail(`weightsManifest[${gi}].paths`, `hold ${bytes.length} bytes, but the manifest's weights need ${want}: truncated or corrupt`);
  });
  if (groupBytes.length !== plan.groups.length) throw fail('weightsManifest', `lists ${plan.groups.length} groups, but ${groupBytes.length} were read`);

  let inputSize: number | undefined;
  const dense: PendingDense[] = [];
  const activationNamed = (name: unknown, field: string): Activation => {
    switch (name ?? 'linear') {
      case 'linear':
        return 'linear';
      case 'relu':
        return 'relu';
      case 'sigmoid':
        return 'sigmoid';
      case 'tanh':
        return 'tanh';
      case 'softmax':
        return 'softmax';
      case 'softplus':
        return 'softplus';
      case 'swish':
      case 'silu':
        return 'silu';
      case 'gelu_new':
        return 'gelu';
      case 'elu':
        return 'elu';
      case 'gelu':
        throw new UnsupportedModelError(OP, field, "is 'gelu', tfjs's erf GELU; core's gelu is the tanh form ('gelu_new'), a different function");
      default:
        throw new UnsupportedModelError(OP, field, `is ${JSON.stringify(name)}, an activation core lacks; supported: ${SUPPORTED_TFJS}`);
    }
  };
  const setActivation = (field: string, what: string, activation: Activation, alpha?: number): void => {
    const last = dense[dense.length - 1];
    if (!last || (last.activation !== undefined && last.activation !== 'linear')) throw new UnsupportedModelError(OP, field, `${what} must follow a Dense layer with a linear activation`);
    if (alpha !== undefined && !(alpha >= 0 && alpha <= 1)) throw new UnsupportedModelError(OP, field, `alpha ${alpha} is outside [0, 1], the range core supports`);
    last.activation = activation;
    if (alpha !== undefined) last.alpha = alpha;
  };

  layerList.forEach((raw: unknown, i) => {
    const field = `modelTopology.config.layers[${i}]`;
    if (!isObject(raw) || !isObject(raw.config)) throw fail(field, 'must be { class_name, config }');
    const c = raw.config;
    const what = `${String(raw.class_name)} ${JSON.stringify(c.name ?? '')}`;
    const shape = c.batch_input_shape ?? c.batch_shape;
    if (Array.isArray(shape) && dense.length === 0) {
      const n = shape[shape.length - 1] as unknown;
      if (shape.length !== 2 || !Number.isSafeInteger(n) || (n as number) < 1) throw new UnsupportedModelError(OP, `${field}.config.batch_input_shape`, `is ${JSON.stringify(shape)}: a dense network takes [null, features]`);
      inputSize = n as number;
    }
    switch (raw.class_name) {
      case 'InputLayer':
        return;
      case 'Dense': {
        if (!Number.isSafeInteger(c.units) || (c.units as number) < 1 || (c.units as number) > MAX_VALUES) throw fail(`${field}.config.units`, `must be a positive integer, got ${JSON.stringify(c.units)}`);
        if (typeof c.name !== 'string') throw fail(`${field}.config.name`, 'must be a string (weights are found by it)');
        const activation = activationNamed(c.activation, `${field}.config.activation`);
        dense.push({ name: c.name, units: c.units as number, useBias: c.use_bias !== false, activation, field, ...(activation === 'elu' ? { alpha: 1 } : {}) });
        return;
      }
      case 'Activation':
        setActivation(field, what, activationNamed(c.activation, `${field}.config.activation`), c.activation === 'elu' ? 1 : undefined);
        return;
      case 'LeakyReLU': {
        const alpha = c.alpha ?? c.negative_slope ?? 0.3;
        if (typeof alpha !== 'number') throw fail(`${field}.config.alpha`, `must be a number, got ${JSON.stringify(alpha)}`);
        setActivation(field, what, 'leakyRelu', alpha);
        return;
      }
      case 'ELU': {
        const alpha = c.alpha ?? 1;
        if (typeof alpha !== 'number') throw fail(`${field}.config.alpha`, `must be a number, got ${JSON.stringify(alpha)}`);
        setActivation(field, what, 'elu', alpha);
        return;
      }
      case 'ReLU': {
        const plain = (c.max_value === undefined || c.max_value === null) && !c.negative_slope && !c.threshold;
        if (!plain) throw new UnsupportedModelError(OP, field, `${what} with max_value, negative_slope or threshold is not core's relu`);
        setActivation(field, what, 'relu');
        return;
      }
      case 'Softmax': {
        const axis = c.axis ?? -1;
        if (axis !== -1 && axis !== 1 && !(Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 1))) throw new UnsupportedModelError(OP, field, `${what} over axis ${JSON.stringify(axis)}: only the last axis`);
        setActivation(field, what, 'softmax');
        return;
      }
      case 'Dropout': {
        const last = dense[dense.length - 1];
        if (!last) throw new UnsupportedModelError(OP, field, `${what} must follow a Dense layer`);
        if (typeof c.rate !== 'number' || !(c.rate >= 0 && c.rate < 1)) throw fail(`${field}.config.rate`, `must be a number in [0, 1), got ${JSON.stringify(c.rate)}`);
        if (c.rate > 0) last.dropout = c.rate;
        return;
      }
      default:
        throw new UnsupportedModelError(OP, field, `${what} is not supported; backprop imports ${SUPPORTED_TFJS}`);
    }
  });
  if (dense.length === 0) throw new UnsupportedModelError(OP, 'modelTopology.config.layers', `has no Dense layer; backprop imports ${SUPPORTED_TFJS}`);

  const weight = (name: string, shape: readonly number[], owner: PendingDense, role: string): Float32Array => {
    const entry = plan.entries.get(name) ?? [...plan.entries].find(([n]) => n.endsWith(`/${name}`))?.[1];
    if (!entry) throw fail(`${owner.field}`, `Dense ${JSON.stringify(owner.name)} has no ${role} in weightsManifest (looked for ${JSON.stringify(name)})`);
    if (entry.shape.length !== shape.length || entry.shape.some((d, k) => d !== shape[k])) throw fail(`${entry.field}.shape`, `is [${entry.shape.join(',')}], but Dense ${JSON.stringify(owner.name)} needs [${shape.join(',')}]`);
    const bytes = groupBytes[entry.group]!;
    const count = shape.reduce((a, b) => a * b, 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset + entry.offset, count * 4);
    const out = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      out[k] = view.getFloat32(k * 4, true);
      if (!Number.isFinite(out[k])) throw fail(entry.field, `value ${k} is ${String(out[k])}: a model with non-finite weights is not loaded`);
    }
    return out;
  };

  let width = inputSize;
  const layers: PortableLayer[] = dense.map((d, i) => {
    const kernel = plan.entries.get(`${d.name}/kernel`) ?? [...plan.entries].find(([n]) => n.endsWith(`/${d.name}/kernel`))?.[1];
    const inputs = width ?? kernel?.shape[0];
    if (inputs === undefined) throw fail(d.field, `Dense ${JSON.stringify(d.name)}: the input size is unknown (no batch_input_shape and no kernel)`);
    const w = weight(`${d.name}/kernel`, [inputs, d.units], d, 'kernel');
    const b = d.useBias ? weight(`${d.name}/bias`, [d.units], d, 'bias') : new Float32Array(d.units);
    width = d.units;
    const activation = d.activation ?? 'linear';
    return { inputs, units: d.units, activation, alpha: d.alpha ?? 0.01, w, b, ...(d.dropout && i < dense.length - 1 ? { dropout: d.dropout } : {}) };
  });

  const saved = isObject(json.userDefinedMetadata) && isObject(json.userDefinedMetadata.backprop) ? json.userDefinedMetadata.backprop : {};
  let preprocessing: PreprocessingJSON | undefined;
  if (saved.preprocessing !== undefined) {
    try {
      preprocessing = readPreprocessing(saved.preprocessing);
    } catch (e) {
      throw fail('userDefinedMetadata.backprop.preprocessing', `is not valid preprocessing: ${(e as Error).message}`);
    }
  }
  const classes = Array.isArray(saved.classes) && saved.classes.length === width && saved.classes.every((c) => typeof c === 'string') ? saved.classes : undefined;
  const loss = lossFor(layers[layers.length - 1]!.activation, options.loss, isLoss(saved.loss) ? saved.loss : undefined, OP);
  return { inputSize: layers[0]!.inputs, loss, layers, ...(preprocessing ? { preprocessing } : {}), ...(classes && !preprocessing ? { classes } : {}) };
}
