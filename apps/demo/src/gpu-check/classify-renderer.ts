/**
 * Says whether a renderer string names a software renderer, a real GPU, or neither. The check's
 * tables print this instead of the raw string's implication: Mesa's llvmpipe, softpipe and
 * swrast, Google's SwiftShader and Mesa's lavapipe run shaders on the CPU and must never be
 * reported as a GPU.
 */

export type RendererClass = 'software' | 'gpu' | 'unknown';

/** Renderers that run on the CPU. `swrast` is Mesa's driver name for llvmpipe/softpipe. */
const SOFTWARE = /llvmpipe|softpipe|swrast|swiftshader|lavapipe|software (rasterizer|renderer)|microsoft basic render|PHYSICAL_DEVICE_TYPE_CPU/i;

/** Names of real GPUs and their vendors, as drivers spell them in renderer and device strings. */
const GPU = /nvidia|geforce|quadro|tesla|\b[AHBL]\d{2,3}\b|radeon|\bamd\b|\bati\b|intel|iris|adreno|\bmali\b|apple m\d|powervr|nouveau|PHYSICAL_DEVICE_TYPE_(DISCRETE|INTEGRATED)_GPU/i;

/**
 * Classifies one renderer description (a GL_RENDERER string, an EGL vendor, a Vulkan device
 * name with its type). Software wins over a vendor name: "ANGLE (Mesa/X.org llvmpipe …)" is
 * software although ANGLE is Google's.
 */
export function classifyRenderer(description: string | undefined): RendererClass {
  if (description === undefined || description.trim() === '') return 'unknown';
  if (SOFTWARE.test(description)) return 'software';
  if (GPU.test(description)) return 'gpu';
  return 'unknown';
}

/** What the tables print in the "runs on" column for a renderer of this class. */
export function rendererLabel(kind: RendererClass): string {
  switch (kind) {
    case 'software':
      return 'software renderer';
    case 'gpu':
      return 'GPU';
    case 'unknown':
      return 'unknown renderer';
  }
}
