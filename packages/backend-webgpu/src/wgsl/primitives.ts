/**
 * The WGSL of the primitives other than matmul: fill, unary, binary with broadcast, binary with a
 * scalar param, and the tree reduction (sum or max along either axis, and a whole matrix's
 * Σ/divisor for batchMean outputs). Each op name selects a fixed expression: one pipeline per op,
 * sizes and values come through the uniform block.
 */
import type { BinaryOp, ReduceOp, UnaryOp } from '@backprop/core';
import { WGSL_PRELUDE, wgslBinary, wgslUnary } from './dialect.js';
import { ELEMENT_WORKGROUP, uniformStruct } from './elementwise.js';

/** A primitive's unary op: the ones the expression language has are spelled by its dialect (one spelling each). */
export function unaryExpr(op: UnaryOp, x: string): string {
  switch (op) {
    case 'square':
      return `(${x} * ${x})`;
    case 'reciprocal':
      return `(1.0 / ${x})`;
    case 'relu':
      return `select(0.0, ${x}, ${x} > 0.0)`;
    case 'step':
      return `select(0.0, 1.0, ${x} > 0.0)`;
    case 'neg':
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'abs':
    case 'sigmoid':
    case 'tanh':
      return wgslUnary(op, x);
  }
}

/** A primitive's binary op: as the dialect spells it, and `greater` as a 0/1 select. */
export function binaryExpr(op: BinaryOp, a: string, b: string): string {
  return op === 'greater' ? `select(0.0, 1.0, ${a} > ${b})` : wgslBinary(op, a, b);
}

/** The index of this invocation over a dispatch that may be two-dimensional (d.w = invocations per dispatch row). */
const ELEMENT_MAIN = `@compute @workgroup_size(${ELEMENT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
let k = gid.x + gid.y * u.d.w;
if (k >= u.d.x) { return; }`;

/** out = p0 everywhere. Uniform d = (elements, _, _, row width). */
export function fillShader(): string {
  return `${uniformStruct(1)}@group(0) @binding(1) var<storage, read_write> o: array<f32>;
${ELEMENT_MAIN}
o[k] = u.p[0].x;
}`;
}

/** out = op(a). */
export function unaryShader(op: UnaryOp): string {
  return `${WGSL_PRELUDE}${uniformStruct(1)}@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
${ELEMENT_MAIN}
let x = a[k];
o[k] = ${unaryExpr(op, 'x')};
}`;
}

/**
 * out = a op b with b broadcast: d = (elements, rows, cols, row width), e = (b's row stride,
 * b's column stride): (cols, 1) for a full b, (0, 1) for a row, (1, 0) for a column, (0, 0) for a scalar.
 */
export function binaryShader(op: BinaryOp): string {
  return `${WGSL_PRELUDE}${uniformStruct(1)}@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;
${ELEMENT_MAIN}
let r = k / u.d.z;
let c = k - r * u.d.z;
let x = a[k];
let y = b[r * u.e.x + c * u.e.y];
o[k] = ${binaryExpr(op, 'x', 'y')};
}`;
}

/** out = a op p0. */
export function binaryScalarShader(op: BinaryOp): string {
  return `${WGSL_PRELUDE}${uniformStruct(1)}@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
${ELEMENT_MAIN}
let x = a[k];
let y = u.p[0].x;
o[k] = ${binaryExpr(op, 'x', 'y')};
}`;
}

export const REDUCE_WORKGROUP = 256;

/**
 * One workgroup per output: its invocations stride over the `inner` elements of that output,
 * then combine their partial results in workgroup memory as a binary tree (log2 256 = 8 steps),
 * and the first writes the result divided by p0 (1, or rows for a batch mean).
 * d = (outputs, inner count, outer stride, workgroups per dispatch row), e = (inner stride).
 */
export function reduceShader(op: ReduceOp): string {
  const combine = (a: string, b: string): string => (op === 'sum' ? `(${a} + ${b})` : `max(${a}, ${b})`);
  const start = op === 'sum' ? '0.0' : 'bitcast<f32>(NEG_INF_BITS)';
  return `${WGSL_PRELUDE}${uniformStruct(1)}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
var<workgroup> s: array<f32, ${REDUCE_WORKGROUP}>;
@compute @workgroup_size(${REDUCE_WORKGROUP})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
let out = wid.x + wid.y * u.d.w;
if (out >= u.d.x) { return; }
var acc: f32 = ${start};
let base = out * u.d.z;
for (var i: u32 = lid.x; i < u.d.y; i += ${REDUCE_WORKGROUP}u) {
acc = ${combine('acc', 'x[base + i * u.e.x]')};
}
s[lid.x] = acc;
workgroupBarrier();
for (var w: u32 = ${REDUCE_WORKGROUP / 2}u; w > 0u; w = w >> 1u) {
if (lid.x < w) { s[lid.x] = ${combine('s[lid.x]', 's[lid.x + w]')}; }
workgroupBarrier();
}
if (lid.x == 0u) { o[out] = s[0] / u.p[0].x; }
}`;
}

/** Reductions of at most this many elements run serially, one invocation per output. */
export const SERIAL_REDUCE_MAX = 256;
export const SERIAL_REDUCE_WORKGROUP = 64;

/**
 * The same reduction for short inputs: one invocation per output loops over its elements. No
 * workgroup memory or barriers, which a software renderer pays dearly for. Same uniform layout,
 * except that d.w counts invocations (not workgroups) per dispatch row.
 */
export function serialReduceShader(op: ReduceOp): string {
  const combine = (a: string, b: string): string => (op === 'sum' ? `(${a} + ${b})` : `max(${a}, ${b})`);
  const start = op === 'sum' ? '0.0' : 'bitcast<f32>(NEG_INF_BITS)';
  return `${WGSL_PRELUDE}${uniformStruct(1)}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(${SERIAL_REDUCE_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
let out = gid.x + gid.y * u.d.w;
if (out >= u.d.x) { return; }
var acc: f32 = ${start};
let base = out * u.d.z;
for (var i: u32 = 0u; i < u.d.y; i++) {
acc = ${combine('acc', 'x[base + i * u.e.x]')};
}
o[out] = acc / u.p[0].x;
}`;
}
