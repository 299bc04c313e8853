/**
 * The matmul for software adapters (SwiftShader, llvmpipe): C (M×N) = op(A)·op(B), each
 * invocation a register block (8×8: REGISTER_SHAPE) read straight from the storage buffers — no
 * workgroup memory, no barriers.
 *
 * Why a second kernel: a software renderer runs invocations as the SIMD lanes of a CPU (4 wide on
 * SwiftShader) and "global" memory is the CPU's cache-backed memory, so the tiled kernel's
 * workgroup staging is a copy into memory that is no faster, and each barrier a switch between
 * the workgroup's lane groups. What counts there instead is that the lanes of one SIMD group load
 * together: lanes are consecutive `local_invocation_id.x`, so here they share their rows (an
 * A element is the same address in every lane: one load, broadcast) and take consecutive columns
 * (B elements at consecutive addresses in N-order B: one vector load). Indices are clamped to the
 * last row/column instead of branching, so the K loop has no branch; clamped lanes compute values
 * that are never stored. The K loop is unrolled (by 2).
 *
 * Chosen per adapter by `info.engine` (webgpu-backend.ts): a real GPU keeps the tiled kernel,
 * whose workgroup-memory reuse is what a GPU needs. Measured on SwiftShader: see the README.
 *
 * Uniform: d = (M, N, K, A's stored row length), e = (B's stored row length), p0 = alpha.
 */
import { WGSL_PRELUDE } from './dialect.js';
import { uniformStruct } from './elementwise.js';
import { epilogueParts, type MatmulEpilogue } from './matmul.js';

/** The kernel's shape: a register block of rows×cols per invocation, wx×wy invocations a workgroup (wx a multiple of the SIMD width, 4). */
export interface RegisterShape {
  readonly rows: number;
  readonly cols: number;
  readonly wx: number;
  readonly wy: number;
  /** K steps per loop iteration. */
  readonly unroll: number;
  /** fma() or a multiply and an add. */
  readonly fma: boolean;
}
/**
 * Chosen by A/B runs on SwiftShader in Node (fastest of 11–15 rounds on a loaded machine): 4×4,
 * 4×8, 8×4, 8×8, 8×16 and 16×8 blocks, unroll 1/2/4, fma or multiply-add; 8×8 unrolled by 2 was
 * the best or near it on every mnist-like shape (X·W 7.9 -> 6.7 ms, Xᵀ·E 15.4 -> 6.4 ms vs 4×4).
 */
export const REGISTER_SHAPE: RegisterShape = { rows: 8, cols: 8, wx: 8, wy: 2, unroll: 2, fma: true };
/** Rows and columns of C one workgroup computes. */
export const REG_TILE_ROWS = REGISTER_SHAPE.rows * REGISTER_SHAPE.wy;
export const REG_TILE_COLS = REGISTER_SHAPE.cols * REGISTER_SHAPE.wx;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export function registerMatmulShader(transposeA: boolean, transposeB: boolean, epilogue: MatmulEpilogue, shape: RegisterShape = REGISTER_SHAPE): string {
  const { rows: REG_ROWS, cols: REG_COLS, wx: REG_WX, wy: REG_WY, unroll: UNROLL } = shape;
  const { bindings, store } = epilogueParts(epilogue);
  // Offsets that do not change along K, and the per-step element reads at depth `p`.
  const aBase = (r: number): string => (transposeA ? `ar${r}` : `ar${r} * u.d.w`);
  const bBase = (q: number): string => (transposeB ? `bc${q} * u.e.x` : `bc${q}`);
  const aAt = (r: number, p: string): string => (transposeA ? `a[${p} * u.d.w + ao${r}]` : `a[ao${r} + ${p}]`);
  const bAt = (q: number, p: string): string => (transposeB ? `b[bo${q} + ${p}]` : `b[${p} * u.e.x + bo${q}]`);
  const step = (p: string): string =>
    [
      ...range(REG_ROWS).map((r) => `let a${r} = ${aAt(r, p)};`),
      ...range(REG_COLS).map((q) => `let b${q} = ${bAt(q, p)};`),
      ...range(REG_ROWS).flatMap((r) => range(REG_COLS).map((q) => shape.fma ? `acc${r}${q} = fma(a${r}, b${q}, acc${r}${q});` : `acc${r}${q} += a${r} * b${q};`)),
    ].join('\n');
  const stores = range(REG_ROWS)
    .flatMap((r) =>
      range(REG_COLS).map(
        (q) => `{
let i = i0 + ${r}u;
let j = j0 + ${q * REG_WX}u;
if (i < u.d.x && j < u.d.y) {
let acc = acc${r}${q};
${store}
}
}`,
      ),
    )
    .join('\n');
  return `${WGSL_PRELUDE}${uniformStruct(1)}${bindings.join('\n')}
@compute @workgroup_size(${REG_WX}, ${REG_WY})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
let i0 = (wid.y * ${REG_WY}u + lid.y) * ${REG_ROWS}u;
let j0 = wid.x * ${REG_COLS * REG_WX}u + lid.x;
let lastRow = u.d.x - 1u;
let lastCol = u.d.y - 1u;
${range(REG_ROWS).map((r) => `let ar${r} = min(i0 + ${r}u, lastRow);\nlet ao${r} = ${aBase(r)};`).join('\n')}
${range(REG_COLS).map((q) => `let bc${q} = min(j0 + ${q * REG_WX}u, lastCol);\nlet bo${q} = ${bBase(q)};`).join('\n')}
${range(REG_ROWS * REG_COLS).map((k) => `var acc${Math.floor(k / REG_COLS)}${k % REG_COLS}: f32 = 0.0;`).join('\n')}
let k4 = u.d.z - u.d.z % ${UNROLL}u;
var p: u32 = 0u;
for (; p < k4; p += ${UNROLL}u) {
${range(UNROLL).map((s) => `{\nlet pp = p + ${s}u;\n${step('pp')}\n}`).join('\n')}
}
for (; p < u.d.z; p++) {
${step('p')}
}
${stores}
}`;
}
