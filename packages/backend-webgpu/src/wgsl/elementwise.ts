/**
 * One compute shader per core Program (activation forward/backward, output error + loss terms,
 * lossValue, every update rule), printed from core's expression with the WGSL dialect.
 *
 * Layout: binding 0 the uniform block (`UNIFORM_STRUCT`), then one read-only storage buffer per
 * input in program order, then one read-write buffer per output. An output with
 * `reduce: 'batchMean'` writes its per-element terms to a scratch buffer here; the backend then
 * sums that with the tree reduction kernel and divides by rows.
 *
 * Element-wise programs run one invocation per element; row-wise ones (softmax: a row reduction
 * is read) one invocation per row, which runs the row's reductions once and then its elements.
 */
import { lowerProgram, type Program } from '@backprop/core';
import { paramSlot, WGSL_PRELUDE, wgslDialect } from './dialect.js';

/** Every kernel's uniform block: d and e are eight u32 sizes, p the f32 params (vec4 each). */
export function uniformStruct(paramVec4s: number): string {
  return `struct U { d: vec4<u32>, e: vec4<u32>, p: array<vec4<f32>, ${Math.max(1, paramVec4s)}> }
@group(0) @binding(0) var<uniform> u: U;
`;
}

/** Invocations per workgroup of an element-wise kernel, and of a row-wise one. */
export const ELEMENT_WORKGROUP = 256;
export const ROW_WORKGROUP = 64;

/**
 * The WGSL of `program`. Uniform: d = (elements, rows, cols, invocations per dispatch row),
 * p = the program's params in order.
 */
export function elementwiseShader(program: Program): string {
  const inputIndex = (name: string): number => program.inputs.indexOf(name);
  const lowered = lowerProgram(
    program,
    wgslDialect({
      param: (name) => paramSlot(program.params.indexOf(name)),
      input: (name) => `i${inputIndex(name)}[k]`,
      rowElement: (name, column) => `i${inputIndex(name)}[ro + ${column}]`,
      cols: 'u.d.z',
    }),
  );
  const lines = [WGSL_PRELUDE, uniformStruct(Math.ceil(program.params.length / 4))];
  program.inputs.forEach((_, i) => lines.push(`@group(0) @binding(${1 + i}) var<storage, read> i${i}: array<f32>;`));
  program.outputs.forEach((_, i) => lines.push(`@group(0) @binding(${1 + program.inputs.length + i}) var<storage, read_write> o${i}: array<f32>;`));
  const writes = program.outputs.map((_, i) => `o${i}[k] = ${lowered.outputs[i]!};`);
  if (program.rowWise) {
    lines.push(
      `@compute @workgroup_size(${ROW_WORKGROUP})`,
      'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
      'let r = gid.x + gid.y * u.d.w;',
      'if (r >= u.d.y) { return; }',
      'let ro = r * u.d.z;',
      ...lowered.row,
      'for (var c: u32 = 0u; c < u.d.z; c++) {',
      'let k = ro + c;',
      ...lowered.element,
      ...writes,
      '}',
      '}',
    );
  } else {
    lines.push(
      `@compute @workgroup_size(${ELEMENT_WORKGROUP})`,
      'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
      'let k = gid.x + gid.y * u.d.w;',
      'if (k >= u.d.x) { return; }',
      ...lowered.element,
      ...writes,
      '}',
    );
  }
  return lines.join('\n');
}
