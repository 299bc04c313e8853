/**
 * WebGPU in Node: Dawn's bindings from the `webgpu` npm package. Dawn needs a Vulkan loader
 * (Debian: libvulkan1) and a Vulkan driver: a GPU vendor's, or Chromium's SwiftShader on the
 * CPU (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json).
 *
 * One Dawn instance per process, created on first use and held until the process ends, for
 * every backend: never one per backend released at close(). dawn.node (webgpu 0.6.2) lets the
 * object `create()` returns own the Dawn instance, while the task runner its devices share
 * keeps only a raw pointer to it; once that object is garbage-collected, the next event
 * processing (scheduled with setImmediate after device.destroy(), mapAsync or
 * onSubmittedWorkDone) runs on freed memory and the process dies with SIGSEGV or SIGABRT
 * (`InstanceBase::ProcessEvents` → `pthread_mutex_lock`; reproduced in 3 of 3 runs by
 * destroying a device, dropping its instance and forcing a GC). A process holding the instance
 * still exits by itself (src/process-exit.test.ts).
 */
import type { OpenGpu } from './gpu-access.js';

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

/** The process's Dawn instance: referenced from here for the life of the process, on purpose. */
let processGpu: Promise<GPU> | undefined;

export const openGpu: OpenGpu = () => {
  processGpu ??= loadDawn().catch((error: unknown) => {
    processGpu = undefined; // a failed load is not cached: the next call tries again
    throw error;
  });
  return processGpu;
};

async function loadDawn(): Promise<GPU> {
  let module: WebgpuModule;
  try {
    module = await import('webgpu');
  } catch (error) {
    throw new Error(`the webgpu package (Dawn's Node bindings) did not load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return module.create([]);
}
