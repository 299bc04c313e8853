/**
 * importOnnx: a feed-forward network of dense layers from an ONNX file, validated before anything
 * is built. What it reads, walking from the input to the chosen output:
 *
 * - dense layers: `Gemm` (any transB, alpha, beta) or `MatMul` followed by `Add` of a constant
 *   (or `MatMul` alone: zero bias), weights FLOAT or DOUBLE (stored as float32, as core does);
 * - after each, at most one activation core has: Relu, LeakyRelu (0 ≤ alpha ≤ 1), Sigmoid, Tanh,
 *   Softmax (over the last axis), Softplus, Elu (0 ≤ alpha ≤ 1), Gelu with approximate="tanh",
 *   and SiLU written as x·Sigmoid(x) (how exportOnnx writes it, and how PyTorch exports nn.SiLU);
 * - Cast to float/double, Identity and Dropout pass through (scikit-learn's converter starts
 *   with a Cast; inference ignores Dropout).
 *
 * Anything else on the path (Conv, LSTM, Reshape, an erf Gelu…) is refused with an
 * UnsupportedModelError naming the node. Nodes that do not lead to the chosen output, such as
 * scikit-learn's label branch (ArgMax, ArrayFeatureExtractor), are not imported; its class labels
 * are read as class names. For a file that exportOnnx wrote with preprocessing, the network
 * between its preprocessing and outputs is read and the preprocessing restored from metadata.
 */
import { isLoss, type Activation, type Loss } from '@backprop/core';
import { lossFor } from '../loss.js';
import { readPreprocessing, type PreprocessingJSON } from '@backprop/data';
import { InteropError, UnsupportedModelError } from '../errors.js';
import type { PortableLayer, PortableModel } from '../model.js';
import { NETWORK_INPUT, NETWORK_OUTPUT } from './export.js';
import { modelProto, type ModelProto, type NodeProto, type TensorProto } from './proto.js';
import { dimsOf, floatAttribute, floatValues, int64, int64Values, intAttribute, stringAttribute, stringValues } from './read-tensor.js';

const OP = 'importOnnx';
/** Files larger than this are refused before decoding (each weight value takes 4 bytes). */
export const ONNX_MAX_BYTES = 512 * 2 ** 20;
const MAX_NODES = 100_000;

export interface OnnxImportOptions {
  /** The graph output to import; default `probabilities` when there is one, else the only output. */
  readonly output?: string;
  /** The loss to train with; default from the output layer (softmax → softmaxCrossEntropy, sigmoid → sigmoidBinaryCrossEntropy, else mse) or the file's own. */
  readonly loss?: Loss;
  /** Largest file accepted, in bytes; default ONNX_MAX_BYTES. */
  readonly maxBytes?: number;
}

export interface OnnxImport {
  readonly model: PortableModel;
  /** What was read but not imported, for the user to know (e.g. "nodes not on the path to …"). */
  readonly notes: readonly string[];
}

export const SUPPORTED_ONNX =
  'Gemm, or MatMul followed by Add, each optionally followed by one of Relu, LeakyRelu, Sigmoid, Tanh, Softmax, Softplus, Elu, Gelu (approximate="tanh") or x·Sigmoid(x) (SiLU); Cast to float, Identity and Dropout pass through';

interface Located {
  readonly node: NodeProto;
  readonly index: number;
}

interface PendingLayer {
  inputs: number;
  units: number;
  w: Float32Array;
  b: Float32Array;
  activation?: Activation;
  alpha?: number;
  /** Where the dense layer was read, for messages. */
  where: string;
}

function nodeName(l: Located): string {
  return `graph.node[${l.index}]${l.node.name ? ` ${JSON.stringify(l.node.name)}` : ''} (${l.node.op_type ?? '?'})`;
}

function unsupported(l: Located, why: string): UnsupportedModelError {
  return new UnsupportedModelError(OP, nodeName(l), `${why}; backprop imports feed-forward networks of dense layers: ${SUPPORTED_ONNX}`);
}

function decode(bytes: Uint8Array, maxBytes: number): ModelProto {
  if (bytes.length > maxBytes) throw new InteropError(OP, 'file', `is ${bytes.length} bytes, more than the ${maxBytes} accepted (maxBytes)`);
  try {
    return modelProto().decode(bytes) as unknown as ModelProto;
  } catch (e) {
    throw new InteropError(OP, 'file', `is not an ONNX model: protobuf decoding failed (${(e as Error).message})`);
  }
}

/** Reads `bytes` (an .onnx file). Throws InteropError (malformed) or UnsupportedModelError (not a dense network). */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): OnnxImport {
  const proto = decode(bytes, options.maxBytes ?? ONNX_MAX_BYTES);
  const graph = proto.graph;
  if (!graph) throw new InteropError(OP, 'graph', 'is missing: not an ONNX model');
  const nodes = graph.node ?? [];
  if (nodes.length > MAX_NODES) throw new InteropError(OP, 'graph.node', `has ${nodes.length} nodes, more than ${MAX_NODES}`);
  const notes: string[] = [];
  const metadata = new Map((proto.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? '']));

  // Constants: initializers and Constant nodes, by tensor name, read only when a layer uses them.
  const constants = new Map<string, { tensor: TensorProto; field: string }>();
  (graph.initializer ?? []).forEach((t, i) => constants.set(t.name ?? '', { tensor: t, field: `graph.initializer[${i}]` }));
  const producer = new Map<string, Located>();
  nodes.forEach((node, index) => {
    if (node.op_type === 'Constant' && (node.domain ?? '') === '') {
      const value = (node.attribute ?? []).find((a) => a.name === 'value');
      if (value?.t) constants.set(node.output?.[0] ?? '', { tensor: value.t, field: `graph.node[${index}].attribute.value` });
      return;
    }
    for (const out of node.output ?? []) {
      if (out === '') continue;
      if (producer.has(out) || constants.has(out)) throw new InteropError(OP, `graph.node[${index}].output`, `names tensor ${JSON.stringify(out)} that another node or initializer already defines: not a valid ONNX graph`);
      producer.set(out, { node, index });
    }
  });

  // Where to start and end: our own export's network section, or the one real input and chosen output.
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  let start: string;
  let end: string;
  let declaredWidth: { value: number; field: string } | undefined;
  let preprocessing: PreprocessingJSON | undefined;
  const savedPre = metadata.get('backprop.preprocessing');
  if (savedPre !== undefined && producer.has(NETWORK_INPUT) && producer.has(NETWORK_OUTPUT)) {
    start = NETWORK_INPUT;
    end = NETWORK_OUTPUT;
    preprocessing = parsePreprocessing(savedPre);
  } else {
    const inputs = (graph.input ?? []).map((v, i) => ({ v, i })).filter(({ v }) => !constants.has(v.name ?? ''));
    if (inputs.length !== 1) throw new UnsupportedModelError(OP, 'graph.input', `lists ${inputs.length} inputs besides weights (${inputs.map(({ v }) => JSON.stringify(v.name)).join(', ')}): a dense network has one`);
    const input = inputs[0]!;
    start = input.v.name ?? '';
    const dims = input.v.type?.tensor_type?.shape?.dim;
    if (dims && dims.length !== 2) throw new UnsupportedModelError(OP, `graph.input[${input.i}]`, `${JSON.stringify(start)} has rank ${dims.length}: a dense network takes a matrix [rows, features]`);
    const declared = dims?.[1]?.dim_value;
    if (declared !== undefined && declared !== null) declaredWidth = { value: int64(declared, `graph.input[${input.i}].type.tensor_type.shape.dim[1]`), field: `graph.input[${input.i}]` };
    end = options.output ?? (outputs.includes('probabilities') ? 'probabilities' : outputs.length === 1 ? outputs[0]! : '');
    if (!outputs.includes(end)) throw new InteropError(OP, 'graph.output', `${options.output === undefined ? 'has several outputs' : `has no output ${JSON.stringify(end)}`}: choose one of ${outputs.map((o) => JSON.stringify(o)).join(', ')} (output option)`);
  }

  // Nodes on the path from start to end; every one of them must be understood.
  const onPath = new Set<Located>();
  const stack = [end];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const tensor = stack.pop()!;
    if (tensor === start || seen.has(tensor)) continue;
    seen.add(tensor);
    const p = producer.get(tensor);
    if (!p) {
      if (constants.has(tensor)) continue;
      throw new UnsupportedModelError(OP, 'graph', `output ${JSON.stringify(end)} depends on ${JSON.stringify(tensor)}, which is neither the input ${JSON.stringify(start)}, a constant, nor made by a node`);
    }
    onPath.add(p);
    for (const i of p.node.input ?? []) if (i !== '') stack.push(i);
  }
  const onPathIndex = new Set([...onPath].map((l) => l.index));
  const offPath = nodes.filter((n, i) => n.op_type !== 'Constant' && !onPathIndex.has(i)).length;
  if (offPath > 0 && !preprocessing) notes.push(`${offPath} node(s) not on the path from ${JSON.stringify(start)} to ${JSON.stringify(end)} were not imported`);
  // Readers of each tensor among the nodes on the path, in graph order (one pass: large graphs stay linear).
  const readers = new Map<string, Located[]>();
  for (const l of [...onPath].sort((a, b) => a.index - b.index)) {
    for (const input of new Set(l.node.input ?? [])) {
      const list = readers.get(input);
      if (list) list.push(l);
      else readers.set(input, [l]);
    }
  }
  const consumers = (tensor: string): Located[] => readers.get(tensor) ?? [];

  const layers: PortableLayer[] = [];
  let pending: PendingLayer | undefined;
  const flush = (): void => {
    if (!pending) return;
    const activation = pending.activation ?? 'linear';
    layers.push({ inputs: pending.inputs, units: pending.units, activation, alpha: pending.alpha ?? (activation === 'elu' ? 1 : 0.01), w: pending.w, b: pending.b });
    pending = undefined;
  };
  const setActivation = (l: Located, activation: Activation, alpha?: number): void => {
    if (!pending || pending.activation) throw unsupported(l, 'an activation must follow a dense layer directly (one per layer)');
    if (alpha !== undefined && !(alpha >= 0 && alpha <= 1)) throw unsupported(l, `alpha ${alpha} is outside [0, 1], the range core supports for ${activation}`);
    pending.activation = activation;
    if (alpha !== undefined) pending.alpha = alpha;
  };
  const constant = (l: Located, name: string | undefined, role: string): { dims: number[]; values: Float32Array } => {
    const c = constants.get(name ?? '');
    if (!c) throw unsupported(l, `its ${role} ${JSON.stringify(name)} is computed, not a constant: only constant weights are supported`);
    return floatValues(c.tensor, c.field);
  };
  let width: number | undefined;
  const dense = (l: Located, w: Float32Array, rows: number, cols: number, bias: Float32Array): void => {
    flush();
    if (width !== undefined && rows !== width) throw new InteropError(OP, nodeName(l), `has weights of ${rows} rows for ${width} inputs`);
    if (layers.length === 0) width = rows;
    pending = { inputs: rows, units: cols, w, b: bias, where: nodeName(l) };
    width = cols;
  };
  const biasOf = (l: Located, b: { dims: number[]; values: Float32Array } | undefined, units: number, scale = 1): Float32Array => {
    if (!b) return new Float32Array(units);
    if (b.values.length === units && (b.dims.length === 1 || (b.dims.length === 2 && b.dims[0] === 1))) return b.values.map((v) => v * scale);
    if (b.values.length === 1) return new Float32Array(units).fill(b.values[0]! * scale);
    throw new InteropError(OP, nodeName(l), `has a bias of shape [${b.dims.join(',')}] for ${units} units`);
  };

  let cur = start;
  let steps = 0;
  while (cur !== end) {
    if (++steps > MAX_NODES) throw new InteropError(OP, 'graph', 'has a cycle');
    const next = consumers(cur);
    const silu = siluPattern(cur, next);
    if (silu) {
      setActivation(silu.mul, 'silu');
      cur = silu.mul.node.output?.[0] ?? '';
      continue;
    }
    if (next.length !== 1) throw new UnsupportedModelError(OP, 'graph', `tensor ${JSON.stringify(cur)} feeds ${next.length} nodes (${next.map(nodeName).join(', ')}): only a chain of layers is supported`);
    const l = next[0]!;
    const n = l.node;
    const field = `graph.node[${l.index}]`;
    const domain = n.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') throw unsupported(l, `operator domain ${JSON.stringify(domain)} is not the standard one`);
    if ((n.input ?? [])[0] !== cur) throw unsupported(l, `it reads ${JSON.stringify(cur)} as an input other than its first`);
    let out = n.output?.[0] ?? '';
    switch (n.op_type ?? '') {
      case 'Cast': {
        const to = intAttribute(n.attribute, 'to', 0, field);
        if (to !== 1 && to !== 11) throw unsupported(l, `it casts to type ${to}, not to float or double`);
        break;
      }
      case 'Identity':
      case 'Dropout':
        break;
      case 'Gemm': {
        if (intAttribute(n.attribute, 'transA', 0, field) !== 0) throw unsupported(l, 'transA = 1 transposes the input');
        const transB = intAttribute(n.attribute, 'transB', 0, field) !== 0;
        const alpha = floatAttribute(n.attribute, 'alpha', 1, field);
        const beta = floatAttribute(n.attribute, 'beta', 1, field);
        const B = constant(l, n.input?.[1], 'weight B');
        if (B.dims.length !== 2) throw new InteropError(OP, `${field}.input[1]`, `weight B must be a matrix, got shape [${B.dims.join(',')}]`);
        const [r, c] = transB ? [B.dims[1]!, B.dims[0]!] : [B.dims[0]!, B.dims[1]!];
        const w = transB ? transpose(B.values, B.dims[0]!, B.dims[1]!) : B.values;
        const scaled = alpha === 1 ? w : w.map((v) => v * alpha);
        const C = n.input?.[2] ? constant(l, n.input[2], 'bias C') : undefined;
        dense(l, scaled, r, c, biasOf(l, C, c, beta));
        break;
      }
      case 'MatMul': {
        const B = constant(l, n.input?.[1], 'weight');
        if (B.dims.length !== 2) throw new InteropError(OP, `${field}.input[1]`, `weight must be a matrix, got shape [${B.dims.join(',')}]`);
        const after = consumers(out);
        const add = after.length === 1 && after[0]!.node.op_type === 'Add' ? after[0]! : undefined;
        let bias: { dims: number[]; values: Float32Array } | undefined;
        if (add) {
          const other = (add.node.input ?? []).find((i) => i !== out);
          bias = constant(add, other, 'bias');
          out = add.node.output?.[0] ?? '';
        }
        dense(l, B.values, B.dims[0]!, B.dims[1]!, biasOf(add ?? l, bias, B.dims[1]!));
        break;
      }
      case 'Relu':
        setActivation(l, 'relu');
        break;
      case 'LeakyRelu':
        setActivation(l, 'leakyRelu', floatAttribute(n.attribute, 'alpha', 0.01, field));
        break;
      case 'Sigmoid':
        setActivation(l, 'sigmoid');
        break;
      case 'Tanh':
        setActivation(l, 'tanh');
        break;
      case 'Softplus':
        setActivation(l, 'softplus');
        break;
      case 'Elu':
        setActivation(l, 'elu', floatAttribute(n.attribute, 'alpha', 1, field));
        break;
      case 'Softmax': {
        const axis = intAttribute(n.attribute, 'axis', -1, field);
        if (axis !== 1 && axis !== -1) throw unsupported(l, `axis ${axis}: only the last axis of a [rows, units] matrix is supported`);
        setActivation(l, 'softmax');
        break;
      }
      case 'Gelu': {
        const approximate = stringAttribute(n.attribute, 'approximate', 'none', field);
        if (approximate !== 'tanh') throw unsupported(l, `approximate=${JSON.stringify(approximate)} is the erf GELU; core's gelu is the tanh approximation (approximate="tanh"), a different function`);
        setActivation(l, 'gelu');
        break;
      }
      default:
        throw unsupported(l, 'this operator is not supported');
    }
    cur = out;
  }
  flush();
  if (layers.length === 0) throw new UnsupportedModelError(OP, 'graph', `has no dense layer between ${JSON.stringify(start)} and ${JSON.stringify(end)}`);
  if (declaredWidth && declaredWidth.value > 0 && declaredWidth.value !== layers[0]!.inputs) {
    throw new InteropError(OP, declaredWidth.field, `declares ${declaredWidth.value} features, but the first layer's weights have ${layers[0]!.inputs} rows`);
  }
  if (preprocessing && layers[0]!.inputs !== inputWidth(preprocessing)) {
    throw new InteropError(OP, 'metadata_props["backprop.preprocessing"]', `gives ${inputWidth(preprocessing)} network inputs, but the first layer has ${layers[0]!.inputs}`);
  }

  const loss = lossFor(layers[layers.length - 1]!.activation, options.loss, savedLoss(metadata), OP);
  const classes = preprocessing ? undefined : (savedClasses(metadata, layers[layers.length - 1]!.units) ?? sklearnClasses(nodes, constants, layers[layers.length - 1]!.units));
  return { model: { inputSize: layers[0]!.inputs, loss, layers, ...(preprocessing ? { preprocessing } : {}), ...(classes ? { classes } : {}) }, notes };
}

/** SiLU as x·Sigmoid(x): `x` feeds a Sigmoid and a Mul of x and that Sigmoid's output. */
function siluPattern(x: string, next: readonly Located[]): { mul: Located } | undefined {
  if (next.length !== 2) return undefined;
  const sigmoid = next.find((l) => l.node.op_type === 'Sigmoid');
  const mul = next.find((l) => l.node.op_type === 'Mul');
  if (!sigmoid || !mul) return undefined;
  const s = sigmoid.node.output?.[0];
  const inputs = mul.node.input ?? [];
  if (inputs.length !== 2 || !inputs.includes(x) || !inputs.includes(s ?? '')) return undefined;
  return { mul };
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

function inputWidth(pre: PreprocessingJSON): number {
  return pre.features.reduce((n, f) => n + (f.kind === 'numeric' ? 1 : f.categories.length), 0);
}

function parsePreprocessing(text: string): PreprocessingJSON {
  const field = 'metadata_props["backprop.preprocessing"]';
  try {
    return readPreprocessing(JSON.parse(text));
  } catch (e) {
    throw new InteropError(OP, field, `is not valid preprocessing: ${(e as Error).message}`);
  }
}

function savedLoss(metadata: ReadonlyMap<string, string>): Loss | undefined {
  const text = metadata.get('backprop.network');
  if (text === undefined) return undefined;
  try {
    const loss = (JSON.parse(text) as { loss?: unknown }).loss;
    return isLoss(loss) ? loss : undefined;
  } catch {
    return undefined;
  }
}

function savedClasses(metadata: ReadonlyMap<string, string>, units: number): string[] | undefined {
  const text = metadata.get('backprop.classes');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InteropError(OP, 'metadata_props["backprop.classes"]', `is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(value) || value.length !== units || !value.every((v) => typeof v === 'string')) {
    throw new InteropError(OP, 'metadata_props["backprop.classes"]', `must be an array of ${units} strings (one per output)`);
  }
  return value;
}

/** scikit-learn's classifiers keep their labels in a constant read by ArrayFeatureExtractor. */
function sklearnClasses(nodes: readonly NodeProto[], constants: ReadonlyMap<string, { tensor: TensorProto; field: string }>, units: number): string[] | undefined {
  for (const node of nodes) {
    if (node.op_type !== 'ArrayFeatureExtractor') continue;
    const c = constants.get(node.input?.[0] ?? '');
    if (!c) continue;
    const dims = dimsOf(c.tensor, c.field);
    if (dims.reduce((a, b) => a * b, 1) !== units) continue;
    if (c.tensor.data_type === 8) return stringValues(c.tensor, c.field);
    if (c.tensor.data_type === 7) return int64Values(c.tensor, c.field).map(String);
  }
  return undefined;
}

