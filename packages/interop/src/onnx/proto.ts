/**
 * ONNX message types from the official schema (onnx-proto.ts), built once by protobufjs, and the
 * enum values this package uses. Field names keep the schema's snake_case (`keepCase`), so code
 * reads like the ONNX documentation: `graph.initializer[0].raw_data`.
 */
import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-proto.js';

let modelType: protobuf.Type | undefined;

/** onnx.ModelProto, parsed from the schema on first use. */
export function modelProto(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, DOUBLE: 11 } as const;
/** AttributeProto.AttributeType values used here. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** The decoded shapes of the ONNX messages this package reads (a subset of the schema's fields). */
export type Int64 = number | { toNumber(): number; low: number; high: number } | string;

export interface TensorProto {
  name?: string;
  dims?: Int64[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  double_data?: number[];
  int64_data?: Int64[];
  string_data?: Uint8Array[];
  data_location?: number;
  external_data?: unknown[];
  segment?: unknown;
}

export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
}

export interface NodeProto {
  name?: string;
  op_type?: string;
  domain?: string;
  input?: string[];
  output?: string[];
  attribute?: AttributeProto[];
}

export interface TypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim?: { dim_value?: Int64; dim_param?: string }[] } };
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
}

export interface GraphProto {
  name?: string;
  node?: NodeProto[];
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}

export interface ModelProto {
  ir_version?: Int64;
  opset_import?: { domain?: string; version?: Int64 }[];
  producer_name?: string;
  producer_version?: string;
  graph?: GraphProto;
  metadata_props?: { key?: string; value?: string }[];
  functions?: unknown[];
}
