/**
 * Native GLSL for matrix products on the GL modes, bypassing gpu.js's generic texel addressing.
 *
 * gpu.js reads `a[r][c]` through get32: an integer index turned back into texel coordinates with
 * integer division and modulo on every fetch, which llvmpipe runs at 0.3–0.5 GFLOP/s. A matrix
 * here is always the output of a kernel with output [cols, rows], and gpu.js sizes that texture
 * [cols, rows] whenever rows > 1 (utils.getKernelTextureSize), so element (r, c) is texel (c, r)
 * and can be sampled directly. The products then go one step further: each operand is first
 * packed, four consecutive values of the inner dimension per RGBA texel, so the product's inner
 * loop does one vec4 fetch per operand for four multiply-adds (measured on llvmpipe, 64·784·128:
 * generic 1.0, direct texel fetch 1.4, packed 3.6 GFLOP/s, packing included).
 *
 * gpu.js names a kernel argument `x` as the sampler uniform `user_x` and keeps the thread's
 * coordinates in the global `threadId`; native functions are emitted after both are declared.
 */
import type { Shape } from './kernel-sources.js';

/** A gpu.js kernel whose body calls one native GLSL function. */
export interface NativeKernel {
  /** The kernel in gpu.js's JavaScript, for createKernel. */
  readonly kernel: string;
  /** The GLSL function it calls, for the kernel's `nativeFunctions` setting. */
  readonly native: { readonly name: string; readonly source: string };
}

/** A GLSL float literal for a JavaScript number (GLSL ES 1.00 needs the decimal point). */
export function glslFloat(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/**
 * Whether a matrix's texture is laid out [cols, rows]: true for every matrix with more than one
 * row. A single row gets gpu.js's near-square texture instead, which only the generic path reads.
 */
export function hasRowMajorTexture(m: Shape): boolean {
  return m.rows > 1;
}

/**
 * The GLSL texture lookup: gpu.js writes GLSL ES 1.00 shaders (`texture2D`) on headlessgl and
 * webgl, GLSL ES 3.00 (`texture`, where texture2D does not exist) on webgl2.
 */
export type GlslSample = 'texture2D' | 'texture';

/** Texels of an operand packed four inner values per texel. */
export function packedLength(inner: number): number {
  return Math.ceil(inner / 4);
}

/** GLSL reading element (row, col), both float expressions, of the stored matrix `sampler` of shape `s`. */
function storedElement(sample: GlslSample, sampler: string, s: Shape, row: string, col: string): string {
  return `${sample}(${sampler}, vec2((${col} + 0.5) * ${glslFloat(1 / s.cols)}, (${row} + 0.5) * ${glslFloat(1 / s.rows)})).r`;
}

/**
 * Packs one operand of a product: for outer index o (the thread's row) and texel j (its column),
 * the four inner values 4j..4j+3, zero past the end. `innerAlongCols` says how the operand sits
 * in the stored matrix x: element (o, k) is x[o][k] when true, x[k][o] when false. Output
 * [packedLength(inner), outer].
 */
export function packOperandKernel(stored: Shape, innerAlongCols: boolean, sample: GlslSample = 'texture2D'): NativeKernel {
  const inner = innerAlongCols ? stored.cols : stored.rows;
  const lane = (i: number): string => {
    const k = `k0 + ${glslFloat(i)}`;
    const value = innerAlongCols ? storedElement(sample, 'user_x', stored, 'o', k) : storedElement(sample, 'user_x', stored, k, 'o');
    // The tail texel's missing lanes must be 0, not whatever the clamped sampler returns.
    return (i === 0 || (inner % 4 === 0)) ? value : `(${k} < ${glslFloat(inner)} ? ${value} : 0.0)`;
  };
  const source =
    'vec4 packOperand() {\n' +
    '  float o = float(threadId.y);\n' +
    '  float k0 = float(threadId.x * 4);\n' +
    `  return vec4(${[0, 1, 2, 3].map(lane).join(', ')});\n` +
    '}';
  return { kernel: 'function(x) { return packOperand(); }', native: { name: 'packOperand', source } };
}

/**
 * C[r][c] = Σ_j pa[r][j] · pb[c][j] over packed operands (texture [packed, outer] each), plus
 * `bias[0][c]` when `withBias` (the dense layer's Z = X·W + b). Four partial sums, one per lane,
 * added at the end.
 */
export function packedMatmulKernel(out: Shape, packed: number, withBias: boolean, sample: GlslSample = 'texture2D'): NativeKernel {
  const source =
    'float packedProduct() {\n' +
    '  vec4 sum = vec4(0.0);\n' +
    `  float aRow = (float(threadId.y) + 0.5) * ${glslFloat(1 / out.rows)};\n` +
    `  float bRow = (float(threadId.x) + 0.5) * ${glslFloat(1 / out.cols)};\n` +
    `  for (int j = 0; j < ${packed}; j++) {\n` +
    `    float t = (float(j) + 0.5) * ${glslFloat(1 / packed)};\n` +
    `    sum += ${sample}(user_pa, vec2(t, aRow)) * ${sample}(user_pb, vec2(t, bRow));\n` +
    '  }\n' +
    '  return (sum.x + sum.y) + (sum.z + sum.w);\n' +
    '}';
  const kernel = withBias
    ? 'function(pa, pb, bias) { return packedProduct() + bias[0][this.thread.x]; }'
    : 'function(pa, pb) { return packedProduct(); }';
  return { kernel, native: { name: 'packedProduct', source } };
}
