export { createWebgpuBackend, WEBGPU_ADAPTER_CHOICES, type WebgpuAdapterChoice, type WebgpuBackendOptions } from './create-webgpu-backend.js';
export { WebgpuBackend, type WebgpuMemory } from './webgpu-backend.js';
export { describeAdapter, type AdapterDescription } from './adapter.js';
