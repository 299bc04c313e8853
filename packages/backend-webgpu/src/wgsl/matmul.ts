/**
 * The tiled matmul: C (M×N) = op(A)·op(B), op a transpose when its flag is set, never
 * materialised: a transposed operand is only read with the other index order.
 *
 * Each workgroup of 8×8 invocations computes a 32×32 tile of C; each invocation a 4×4 register
 * block of it (rows ly + 8·i, columns lx + 8·j, so that neighbouring invocations write
 * neighbouring columns). The K dimension is walked in steps of 8: the A tile (32×8) and B tile
 * (8×32) are staged in workgroup memory (2 KiB), each invocation loading 4 elements of each in
 * the order the operand is stored (coalesced for either transpose), zero past the edges.
 * Sizes chosen by measurement on SwiftShader (scratch runs, 256³): 64×64 tiles of 16×16
 * invocations took 4.3 s to compile and ran no faster; this one compiles in 0.7 s. On a real GPU
 * larger tiles may win: unmeasured.
 *
 * An epilogue may add a bias row and apply an activation (the fused dense forward): the
 * activation is core's `activation.forward.K` program printed with the WGSL dialect, reading
 * the biased value as its input z and alpha from the uniform block.
 *
 * Uniform: d = (M, N, K, A's stored row length), e = (B's stored row length), p0 = alpha.
 */
import { lowerProgram, type Program } from '@backprop/core';
import { paramSlot, WGSL_PRELUDE, wgslDialect } from './dialect.js';
import { uniformStruct } from './elementwise.js';

export const TILE = 32;
const TILE_K = 8;
const THREADS = 8;
const BLOCK = TILE / THREADS;

export type MatmulEpilogue = { readonly kind: 'none' } | { readonly kind: 'bias' } | { readonly kind: 'biasActivation'; readonly activation: Program };

/** The activation epilogue's statements computing `a` from `z` (an element-wise program). */
function activationEpilogue(program: Program): { statements: string[]; value: string } {
  const lowered = lowerProgram(
    program,
    wgslDialect({
      param: (name) => paramSlot(program.params.indexOf(name)),
      input: () => 'z',
      rowElement: () => {
        throw new Error(`matmul epilogue: ${program.key} reads a row reduction; run it as its own kernel`);
      },
      cols: 'u.d.y',
    }),
    'q',
  );
  return { statements: lowered.element, value: lowered.outputs[0]! };
}

/** Results with at most this many elements use the direct kernel (see `directMatmulShader`). */
export const DIRECT_MAX_OUTPUTS = 1024;
export const DIRECT_WORKGROUP = 64;

/**
 * The matmul for small results (M·N ≤ DIRECT_MAX_OUTPUTS: a batch of 4, an output layer of 10):
 * one invocation per element of C, a plain dot product, no workgroup memory and no barriers.
 * With so few outputs the 32×32 tile would leave most of its 64 invocations idle at every
 * barrier; on a software renderer, where barriers are what costs, this is several times faster.
 */
export function directMatmulShader(transposeA: boolean, transposeB: boolean, epilogue: MatmulEpilogue): string {
  const aAt = transposeA ? 'a[p * u.d.w + i]' : 'a[i * u.d.w + p]';
  const bAt = transposeB ? 'b[j * u.e.x + p]' : 'b[p * u.e.x + j]';
  const { bindings, store } = epilogueParts(epilogue);
  return `${WGSL_PRELUDE}${uniformStruct(1)}${bindings.join('\n')}
@compute @workgroup_size(${DIRECT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
let k = gid.x;
if (k >= u.d.x * u.d.y) { return; }
let i = k / u.d.y;
let j = k - i * u.d.y;
var acc: f32 = 0.0;
for (var p: u32 = 0u; p < u.d.z; p++) { acc = fma(${aAt}, ${bAt}, acc); }
${store}
}`;
}

export function epilogueParts(epilogue: MatmulEpilogue): { bindings: string[]; store: string } {
  const bindings = [`@group(0) @binding(1) var<storage, read> a: array<f32>;`, `@group(0) @binding(2) var<storage, read> b: array<f32>;`, `@group(0) @binding(3) var<storage, read_write> c: array<f32>;`];
  let store = 'c[i * u.d.y + j] = acc;';
  if (epilogue.kind !== 'none') {
    bindings.push(`@group(0) @binding(4) var<storage, read> bias: array<f32>;`);
    store = 'let z = acc + bias[j];\nc[i * u.d.y + j] = z;';
    if (epilogue.kind === 'biasActivation') {
      bindings.push(`@group(0) @binding(5) var<storage, read_write> act: array<f32>;`);
      const f = activationEpilogue(epilogue.activation);
      store += `\n${f.statements.join('\n')}\nact[i * u.d.y + j] = ${f.value};`;
    }
  }
  return { bindings, store };
}

export function matmulShader(transposeA: boolean, transposeB: boolean, epilogue: MatmulEpilogue): string {
  // Element (row i, depth p) of op(A), and (depth p, column j) of op(B).
  const aAt = transposeA ? 'a[p * u.d.w + i]' : 'a[i * u.d.w + p]';
  const bAt = transposeB ? 'b[j * u.e.x + p]' : 'b[p * u.e.x + j]';
  // Which element of the A tile invocation `e` loads: along the stored rows, so that
  // neighbouring invocations read neighbouring addresses.
  const aLoad = transposeA ? `let kk = e / ${TILE}u; let ii = e % ${TILE}u;` : `let ii = e / ${TILE_K}u; let kk = e % ${TILE_K}u;`;
  const bLoad = transposeB ? `let jj = e / ${TILE_K}u; let kk = e % ${TILE_K}u;` : `let kk = e / ${TILE}u; let jj = e % ${TILE}u;`;
  const { bindings, store } = epilogueParts(epilogue);
  // Register blocks as scalars and loops unrolled here: private arrays indexed in loops become
  // memory traffic (and minutes of shader compilation) on some drivers, SwiftShader among them.
  const rc = (f: (r: number, q: number) => string): string => Array.from({ length: BLOCK * BLOCK }, (_, i) => f(Math.floor(i / BLOCK), i % BLOCK)).join('\n');
  const loads = Array.from({ length: (TILE * TILE_K) / (THREADS * THREADS) }, (_, l) => `{
let e = tid + ${l * THREADS * THREADS}u;
{
${aLoad}
let i = row0 + ii; let p = t + kk;
var v: f32 = 0.0;
if (i < u.d.x && p < u.d.z) { v = ${aAt}; }
tileA[kk * ${TILE}u + ii] = v;
}
{
${bLoad}
let j = col0 + jj; let p = t + kk;
var v: f32 = 0.0;
if (j < u.d.y && p < u.d.z) { v = ${bAt}; }
tileB[kk * ${TILE}u + jj] = v;
}
}`).join('\n');
  const stores = rc(
    (r, q) => `{
let i = row0 + lid.y + ${r * THREADS}u;
let j = col0 + lid.x + ${q * THREADS}u;
if (i < u.d.x && j < u.d.y) {
let acc = acc${r}${q};
${store}
}
}`,
  );
  return `${WGSL_PRELUDE}${uniformStruct(1)}${bindings.join('\n')}
var<workgroup> tileA: array<f32, ${TILE * TILE_K}>;
var<workgroup> tileB: array<f32, ${TILE * TILE_K}>;
@compute @workgroup_size(${THREADS}, ${THREADS})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
let row0 = wid.y * ${TILE}u;
let col0 = wid.x * ${TILE}u;
let tid = lid.y * ${THREADS}u + lid.x;
${rc((r, q) => `var acc${r}${q}: f32 = 0.0;`)}
for (var t: u32 = 0u; t < u.d.z; t += ${TILE_K}u) {
${loads}
workgroupBarrier();
for (var kk: u32 = 0u; kk < ${TILE_K}u; kk++) {
${Array.from({ length: BLOCK }, (_, r) => `let a${r} = tileA[kk * ${TILE}u + lid.y + ${r * THREADS}u];`).join('\n')}
${Array.from({ length: BLOCK }, (_, q) => `let b${q} = tileB[kk * ${TILE}u + lid.x + ${q * THREADS}u];`).join('\n')}
${rc((r, q) => `acc${r}${q} = fma(a${r}, b${q}, acc${r}${q});`)}
}
workgroupBarrier();
}
${stores}
}`;
}
