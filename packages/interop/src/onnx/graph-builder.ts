/**
 * A small helper that assembles an ONNX graph as plain objects for protobufjs: named nodes,
 * constant initializers, and fresh tensor names under one prefix so that they cannot collide
 * with the input and output names that come from a user's data (checked by the exporter).
 */
import { AttributeType, DataType, type AttributeProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.js';

/** Every tensor and node name the exporter makes starts with this. */
export const INTERNAL_PREFIX = 'backprop/';

export type AttributeValue = number | string | { int: number } | { ints: number[] };

const utf8 = new TextEncoder();

function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'number') return { name, type: AttributeType.FLOAT, f: value };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  return { name, type: AttributeType.INTS, ints: value.ints };
}

/** Little-endian bytes of the values (ONNX raw_data is little-endian on every host). */
function rawBytes(values: Float32Array | Float64Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  values.forEach((v: number | bigint, i: number) => {
    if (values instanceof Float32Array) view.setFloat32(i * 4, v as number, true);
    else if (values instanceof Float64Array) view.setFloat64(i * 8, v as number, true);
    else view.setBigInt64(i * 8, v as bigint, true);
  });
  return out;
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  /** A fresh internal name: `backprop/<hint>_<n>`. */
  name(hint: string): string {
    return `${INTERNAL_PREFIX}${hint}_${this.count++}`;
  }

  /** Adds a node and returns the name of its (single) output, `output` when given. */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? this.name(op.toLowerCase());
    this.nodes.push({
      name: this.name(`${op}_node`),
      op_type: op,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  float(hint: string, dims: readonly number[], values: Float32Array): string {
    return this.constant(hint, dims, DataType.FLOAT, { raw_data: rawBytes(values) });
  }

  double(hint: string, dims: readonly number[], values: Float64Array): string {
    return this.constant(hint, dims, DataType.DOUBLE, { raw_data: rawBytes(values) });
  }

  strings(hint: string, values: readonly string[]): string {
    return this.constant(hint, [values.length], DataType.STRING, { string_data: values.map((v) => utf8.encode(v)) });
  }

  private constant(hint: string, dims: readonly number[], dataType: number, data: Partial<TensorProto>): string {
    const name = this.name(hint);
    this.initializers.push({ name, dims: [...dims], data_type: dataType, ...data });
    return name;
  }
}

/** A graph input or output: a tensor of `elemType` with rows named `N` (any batch) and `cols` columns (omitted: rank 1). */
export function valueInfo(name: string, elemType: number, cols?: number): ValueInfoProto {
  const dim = [{ dim_param: 'N' }, ...(cols === undefined ? [] : [{ dim_value: cols }])];
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}
