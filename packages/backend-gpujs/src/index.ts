export { createGpujsBackend, type GpujsBackendOptions } from './create-gpujs-backend.js';
export { GpujsBackend, type GpujsMemory } from './gpujs-backend.js';
export { DEFAULT_KERNEL_CACHE_SIZE } from './kernel-cache.js';
export {
  AUTO_ORDER,
  GPUJS_MODES,
  GpujsModeUnavailableError,
  HEADLESS_GL_DEBIAN_PACKAGES,
  type GpujsMode,
  type GpujsModeRequest,
} from './modes.js';
export type { GpujsTransfers } from './transfers.js';
