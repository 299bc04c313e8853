/**
 * Export to ONNX (opset 21, IR version 10): one Gemm per dense layer, the activation as standard
 * operators (export-activations.ts), and, for a model trained on a table, its preprocessing in
 * the graph, so the ONNX model takes the same raw columns as `backprop predict --data`:
 *
 * - each numeric feature is an input named by its column, tensor(double) [N, 1], scaled by
 *   `(x − center) / scale` in double precision as @backprop/data does, then cast to float; an
 *   empty cell is fed as NaN and takes the column's fill value when the model has one (missing
 *   mean/median/mode), else it stays NaN (backprop predict refuses it);
 * - each categorical feature is an input named by its column, tensor(string) [N, 1], trimmed
 *   text, one-hot encoded by `Equal` against the training categories (string Equal is opset 19+);
 *   an empty cell ('') takes the fill category when there is one; a category training never saw
 *   encodes as all zeros (backprop predict refuses it: ONNX has no way to raise an error);
 * - a classifier outputs `probabilities` (float [N, classes]) and `class` (string [N], the first
 *   most probable class, as backprop predict picks it); a regression outputs `value`
 *   (double [N, 1], back in the target's units: `y·scale + center`).
 *
 * A model without preprocessing takes `input` (float [N, inputSize]) and gives `output`.
 * Metadata (`metadata_props`): `backprop.classes` (JSON array) when class names are known,
 * `backprop.preprocessing` (the saved JSON), `backprop.network` (layer kinds and loss).
 */
import type { FeatureSpec, PreprocessingJSON } from '@backprop/data';
import { InteropError } from '../errors.js';
import { classNamesOf, type PortableModel } from '../model.js';
import { ONNX_ACTIVATIONS } from './export-activations.js';
import { GraphBuilder, INTERNAL_PREFIX, valueInfo } from './graph-builder.js';
import { DataType, modelProto, type ModelProto, type ValueInfoProto } from './proto.js';

export const ONNX_OPSET = 21;
export const ONNX_IR_VERSION = 10;
/** The tensors between preprocessing and network, named so that importOnnx can find them in its own exports. */
export const NETWORK_INPUT = `${INTERNAL_PREFIX}network_input`;
export const NETWORK_OUTPUT = `${INTERNAL_PREFIX}network_output`;

export interface OnnxExportOptions {
  /** `producer_version` in the file; default '0.1.0'. */
  readonly producerVersion?: string;
}

const OP = 'exportOnnx';

/** The ONNX file's bytes for `model`. Throws InteropError when a column name cannot be a tensor name. */
export function exportOnnx(model: PortableModel, options: OnnxExportOptions = {}): Uint8Array {
  const g = new GraphBuilder();
  const pre = model.preprocessing;
  const inputs: ValueInfoProto[] = [];
  const outputs: ValueInfoProto[] = [];

  let x: string;
  if (pre) {
    x = preprocessingNodes(g, pre, inputs);
  } else {
    inputs.push(valueInfo('input', DataType.FLOAT, model.inputSize));
    x = g.node('Identity', ['input'], {}, NETWORK_INPUT);
  }

  model.layers.forEach((layer, i) => {
    const w = g.float(`layer${i}_w`, [layer.inputs, layer.units], layer.w);
    const b = g.float(`layer${i}_b`, [layer.units], layer.b);
    const z = g.node('Gemm', [x, w, b]);
    x = ONNX_ACTIVATIONS[layer.activation](g, z, layer.alpha);
  });
  const units = model.layers[model.layers.length - 1]!.units;
  const y = g.node('Identity', [x], {}, NETWORK_OUTPUT);

  const target = pre?.target;
  if (target?.kind === 'numeric') {
    const asDouble = g.node('Cast', [y], { to: { int: DataType.DOUBLE } });
    const scaled = g.node('Mul', [asDouble, g.double('target_scale', [], Float64Array.of(target.scale))]);
    g.node('Add', [scaled, g.double('target_center', [], Float64Array.of(target.center))], {}, 'value');
    outputs.push(valueInfo('value', DataType.DOUBLE, 1));
  } else if (pre) {
    g.node('Identity', [y], {}, 'probabilities');
    const best = g.node('ArgMax', ['probabilities'], { axis: { int: 1 }, keepdims: { int: 0 } });
    g.node('Gather', [g.strings('class_names', classNamesOf(model)!), best], { axis: { int: 0 } }, 'class');
    outputs.push(valueInfo('probabilities', DataType.FLOAT, units), valueInfo('class', DataType.STRING));
  } else {
    g.node('Identity', [y], {}, 'output');
    outputs.push(valueInfo('output', DataType.FLOAT, units));
  }
  checkNames(inputs, outputs);

  const classes = classNamesOf(model);
  const metadata: Record<string, string> = {
    'backprop.network': JSON.stringify({ inputSize: model.inputSize, loss: model.loss, layers: model.layers.map((l) => ({ units: l.units, activation: l.activation, alpha: l.alpha })) }),
  };
  if (classes) metadata['backprop.classes'] = JSON.stringify(classes);
  if (pre) metadata['backprop.preprocessing'] = JSON.stringify(pre);

  const message: ModelProto = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'backprop',
    producer_version: options.producerVersion ?? '0.1.0',
    graph: { name: 'backprop', node: g.nodes, initializer: g.initializers, input: inputs, output: outputs },
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const type = modelProto();
  // A plain copy: in Node protobufjs hands back a Buffer that may share a pooled allocation.
  return Uint8Array.from(type.encode(type.fromObject(message)).finish());
}

/** The preprocessing as graph nodes; returns the float [N, inputSize] tensor the network reads. */
function preprocessingNodes(g: GraphBuilder, pre: PreprocessingJSON, inputs: ValueInfoProto[]): string {
  const pieces = pre.features.map((f: FeatureSpec) => {
    if (f.kind === 'numeric') {
      inputs.push(valueInfo(f.name, DataType.DOUBLE, 1));
      // An empty cell is NaN here; the preprocessing's fill (missing mean/median/mode) replaces it, as backprop predict does.
      const x = f.fill === undefined ? f.name : g.node('Where', [g.node('IsNaN', [f.name]), g.double('fill', [], Float64Array.of(f.fill)), f.name]);
      const centered = g.node('Sub', [x, g.double('center', [], Float64Array.of(f.center))]);
      return g.node('Div', [centered, g.double('scale', [], Float64Array.of(f.scale))]);
    }
    inputs.push(valueInfo(f.name, DataType.STRING, 1));
    // An empty cell is ''; the preprocessing's fill category replaces it, as backprop predict does.
    const x = f.fill === undefined ? f.name : g.node('Where', [g.node('Equal', [f.name, g.strings('empty', [''])]), g.strings('fill', [f.fill]), f.name]);
    // [N, 1] == [K] broadcasts to [N, K]: one column per category, 1 where the cell names it.
    const hits = g.node('Equal', [x, g.strings('categories', f.categories)]);
    return g.node('Cast', [hits], { to: { int: DataType.DOUBLE } });
  });
  const joined = pieces.length === 1 ? pieces[0]! : g.node('Concat', pieces, { axis: { int: 1 } });
  return g.node('Cast', [joined], { to: { int: DataType.FLOAT } }, NETWORK_INPUT);
}

/**
 * Column names become input names: refuse what cannot be one (ONNX reads an empty name as "no
 * input") or what would collide with an output or an internal tensor.
 */
function checkNames(inputs: readonly ValueInfoProto[], outputs: readonly ValueInfoProto[]): void {
  const outputNames = new Set(outputs.map((o) => o.name));
  inputs.forEach((input, i) => {
    const name = input.name!;
    const field = `preprocessing.features[${i}].name`;
    if (name === '') throw new InteropError(OP, field, 'is empty: an ONNX input needs a name; rename the column and train again');
    if (outputNames.has(name)) throw new InteropError(OP, field, `${JSON.stringify(name)} is also the name of an output of the exported model (${[...outputNames].join(', ')}): rename the column and train again`);
    if (name.startsWith(INTERNAL_PREFIX)) throw new InteropError(OP, field, `${JSON.stringify(name)} starts with ${JSON.stringify(INTERNAL_PREFIX)}, the prefix of the exporter's own tensor names: rename the column and train again`);
  });
}
