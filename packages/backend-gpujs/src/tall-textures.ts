/**
 * Matrices taller (or wider) than a GL texture side. gpu.js lays a 2-D kernel output [w, h] out
 * as a w×h texture, so a matrix with more than MAX_TEXTURE_SIZE rows (16,384 on headless GL
 * here) failed with "Texture size [2,16385] … larger than supported size", although the texels
 * would fit many times over. gpu.js's shaders address every texture through a linear index (the
 * fragment shader's `index` from the texel position, and `get32`'s texel from `index`), and it
 * already lays 1-D outputs and one-row matrices out as a near-square texture; only the size it
 * picks for a 2-D output is the problem. `allowTallTextures` makes that choice fall back to the
 * same near-square layout where the plain one would not fit: shapes that fit are laid out as
 * before, bit for bit, and what was an error before now works.
 *
 * The real limit is then the texel count: rows·cols ≤ MAX_TEXTURE_SIZE² (268,435,456 at 16,384).
 * The backend refuses a larger matrix before any work (GpujsBackend.checkTexels).
 */
import type { GpujsModule } from './gpujs-module.js';

type TextureSize = Int32Array | [number, number];
type KernelTextureSize = (settings: { optimizeFloatMemory?: boolean; precision?: string }, dimensions: number[]) => TextureSize;

interface PatchedUtils {
  getKernelTextureSize: KernelTextureSize;
  closestSquareDimensions(length: number): TextureSize;
}

/** The smallest texture side among GL contexts seen; the layout must fit all of them. */
let side = Infinity;
const patched = new WeakSet<object>();

/** A w×h layout of `texels` that fits `max` on both sides (near-square where gpu.js's own helper gives one). */
export function fittingLayout(texels: number, max: number, square: (n: number) => TextureSize): [number, number] {
  const [w, h] = square(texels);
  if (w! <= max && h! <= max) return [w!, h!];
  return [max, Math.ceil(texels / max)];
}

/** Installs the fallback layout on this gpu.js module (once), for contexts whose textures have `maxTextureSize` texels a side. */
export function allowTallTextures(gpujs: GpujsModule, maxTextureSize: number): void {
  side = Math.min(side, maxTextureSize);
  const utils = (gpujs as unknown as { utils?: PatchedUtils }).utils;
  if (!utils || patched.has(utils)) return;
  patched.add(utils);
  const plain = utils.getKernelTextureSize.bind(utils);
  const square = utils.closestSquareDimensions.bind(utils);
  utils.getKernelTextureSize = (settings, dimensions) => {
    const size = plain(settings, dimensions);
    const [w, h] = [Number(size[0]), Number(size[1])];
    if (w <= side && h <= side) return size;
    const texels = w * h;
    if (texels > side * side) return size; // cannot fit at all: gpu.js reports it (the backend refuses it first)
    return Int32Array.from(fittingLayout(texels, side, square));
  };
}
