/** WebGPU in a browser: navigator.gpu (a secure context: https or localhost). */
import type { OpenGpu } from './gpu-access.js';

export const PLATFORM = 'browser (navigator.gpu)';

export const NO_ADAPTER_ADVICE =
  'the browser offers no WebGPU adapter: WebGPU needs a secure context (https or localhost) and a browser with it enabled ' +
  '(Chromium-based browsers since 113; headless Chromium needs --enable-unsafe-webgpu).';

export const openGpu: OpenGpu = () => {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return Promise.reject(new Error(`navigator.gpu is missing: ${NO_ADAPTER_ADVICE}`));
  return Promise.resolve(gpu);
};
