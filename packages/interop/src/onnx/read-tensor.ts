/**
 * Reading ONNX tensors and attributes from an untrusted file: every size is checked against
 * what the file holds before anything is allocated, and every error names the field.
 */
import { InteropError } from '../errors.js';
import { AttributeType, DataType, type AttributeProto, type Int64, type TensorProto } from './proto.js';

const OP = 'importOnnx';
/** The most values one weight tensor may hold (a 16,384 × 16,384 matrix). */
export const MAX_TENSOR_VALUES = 2 ** 28;

/** An int64 field as a safe integer, or an InteropError naming `field`. */
export function int64(value: Int64 | undefined, field: string): number {
  const n = typeof value === 'object' && value !== null ? value.toNumber() : Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new InteropError(OP, field, `must be an integer within ±2^53, got ${String(n)}`);
  return n;
}

/** A tensor's shape, each dimension a non-negative safe integer, and the product bounded. */
export function dimsOf(t: TensorProto, field: string): number[] {
  const dims = (t.dims ?? []).map((d, i) => {
    const n = int64(d, `${field}.dims[${i}]`);
    if (n < 0) throw new InteropError(OP, `${field}.dims[${i}]`, `must be ≥ 0, got ${n}`);
    return n;
  });
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > MAX_TENSOR_VALUES) throw new InteropError(OP, `${field}.dims`, `[${dims.join(',')}] holds ${count} values, more than the ${MAX_TENSOR_VALUES} a weight tensor may have here`);
  return dims;
}

/**
 * The values of a float or double tensor as float32 (core's storage), after checking that the
 * data present holds exactly the declared count and that every value is finite in float32.
 */
export function floatValues(t: TensorProto, field: string): { dims: number[]; values: Float32Array } {
  const dims = dimsOf(t, field);
  const count = dims.reduce((a, b) => a * b, 1);
  if (t.data_location === 1 || (t.external_data?.length ?? 0) > 0) throw new InteropError(OP, `${field}.data_location`, 'is EXTERNAL: weights stored outside the .onnx file are not supported; save the model with its weights inside');
  if (t.segment) throw new InteropError(OP, `${field}.segment`, 'is set: segmented tensors are not supported');
  const type = t.data_type;
  if (type !== DataType.FLOAT && type !== DataType.DOUBLE) throw new InteropError(OP, `${field}.data_type`, `must be FLOAT (1) or DOUBLE (11) for weights, got ${String(type)}`);
  const width = type === DataType.FLOAT ? 4 : 8;
  let values: Float32Array;
  const raw = t.raw_data;
  if (raw && raw.length > 0) {
    if (raw.length !== count * width) throw new InteropError(OP, `${field}.raw_data`, `holds ${raw.length} bytes, but dims [${dims.join(',')}] of ${width === 4 ? 'FLOAT' : 'DOUBLE'} need ${count * width}: truncated or corrupt`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  } else {
    const list = type === DataType.FLOAT ? (t.float_data ?? []) : (t.double_data ?? []);
    const name = type === DataType.FLOAT ? 'float_data' : 'double_data';
    if (list.length !== count) throw new InteropError(OP, `${field}.${name}`, `holds ${list.length} values, but dims [${dims.join(',')}] need ${count}: truncated or corrupt`);
    values = Float32Array.from(list);
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(values[i])) throw new InteropError(OP, field, `value ${i} is ${String(values[i])} in float32: a model with non-finite weights is not loaded`);
  }
  return { dims, values };
}

/** The UTF-8 strings of a STRING tensor (class labels), bounded like every other tensor. */
export function stringValues(t: TensorProto, field: string): string[] {
  const dims = dimsOf(t, field);
  const count = dims.reduce((a, b) => a * b, 1);
  const list = t.string_data ?? [];
  if (list.length !== count) throw new InteropError(OP, `${field}.string_data`, `holds ${list.length} strings, but dims [${dims.join(',')}] need ${count}`);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return list.map((b) => decoder.decode(b));
}

/** The values of an INT64 tensor (integer class labels). */
export function int64Values(t: TensorProto, field: string): number[] {
  const dims = dimsOf(t, field);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = t.raw_data;
  if (raw && raw.length > 0) {
    if (raw.length !== count * 8) throw new InteropError(OP, `${field}.raw_data`, `holds ${raw.length} bytes, but dims [${dims.join(',')}] of INT64 need ${count * 8}`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  }
  const list = t.int64_data ?? [];
  if (list.length !== count) throw new InteropError(OP, `${field}.int64_data`, `holds ${list.length} values, but dims [${dims.join(',')}] need ${count}`);
  return list.map((v, i) => int64(v, `${field}.int64_data[${i}]`));
}

/** Attribute `name` of a node, checked to have `type`. */
export function attributeOf(attributes: readonly AttributeProto[] | undefined, name: string, type: number, field: string): AttributeProto | undefined {
  const index = (attributes ?? []).findIndex((a) => a.name === name);
  if (index < 0) return undefined;
  const a = attributes![index]!;
  if (a.type !== undefined && a.type !== 0 && a.type !== type) throw new InteropError(OP, `${field}.attribute[${index}]`, `${JSON.stringify(name)} must have type ${type}, got ${String(a.type)}`);
  return a;
}

export function floatAttribute(attributes: readonly AttributeProto[] | undefined, name: string, fallback: number, field: string): number {
  const a = attributeOf(attributes, name, AttributeType.FLOAT, field);
  return a === undefined ? fallback : (a.f ?? 0);
}

export function intAttribute(attributes: readonly AttributeProto[] | undefined, name: string, fallback: number, field: string): number {
  const a = attributeOf(attributes, name, AttributeType.INT, field);
  return a === undefined ? fallback : int64(a.i, `${field}.${name}`);
}

export function stringAttribute(attributes: readonly AttributeProto[] | undefined, name: string, fallback: string, field: string): string {
  const a = attributeOf(attributes, name, AttributeType.STRING, field);
  return a === undefined ? fallback : new TextDecoder().decode(a.s ?? new Uint8Array());
}
