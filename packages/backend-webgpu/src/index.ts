export { createWebgpuBackend, WEBGPU_ADAPTER_CHOICES, type WebgpuAdapterChoice, type WebgpuBackendOptions } from './create-webgpu-backend.js';
export { WEBGPU_MATMUL_KERNELS, WebgpuBackend, type WebgpuMatmulKernel, type WebgpuMemory } from './webgpu-backend.js';
export { describeAdapter, type AdapterDescription } from './adapter.js';
