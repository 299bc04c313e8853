/**
 * WebGPU in Node: Dawn's bindings from the `webgpu` npm package. Dawn needs a Vulkan loader
 * (Debian: libvulkan1) and a Vulkan driver: a GPU vendor's, or Chromium's SwiftShader on the
 * CPU (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json). Node does not exit while a
 * reference to the object `create()` returns is held: `release()` drops this module's one.
 */
import type { GpuAccess } from './gpu-access.js';

export const PLATFORM = 'node (Dawn, the webgpu package)';

/** The fix to print when no adapter is found. */
export const NO_ADAPTER_ADVICE =
  'Dawn found no WebGPU adapter. It needs a Vulkan loader (Debian: apt-get install libvulkan1) and a Vulkan driver: a GPU vendor\'s ' +
  '(NVIDIA ships nvidia_icd.json; point VK_DRIVER_FILES or VK_ICD_FILENAMES at it) or, with no GPU, Chromium\'s SwiftShader ' +
  '(apt-get install chromium; VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json), with XDG_RUNTIME_DIR set to a writable folder. ' +
  'Debian 12\'s lavapipe (mesa-vulkan-drivers) is refused by Dawn.';

interface WebgpuModule {
  create(options: string[]): GPU;
}

export async function openGpu(): Promise<GpuAccess> {
  let module: WebgpuModule;
  try {
    module = await import('webgpu');
  } catch (error) {
    throw new Error(`the webgpu package (Dawn's Node bindings) did not load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let gpu: GPU | undefined = module.create([]);
  return {
    gpu,
    release: () => {
      gpu = undefined;
    },
  };
}
