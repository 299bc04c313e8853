/**
 * createWebgpuBackend: finds an adapter (Dawn in Node, navigator.gpu in a browser), asks for a
 * device with the adapter's real storage limits, and returns the Backend.
 */
import { BackpropError } from '@backprop/core';
import { NO_ADAPTER_ADVICE, openGpu, PLATFORM } from '#gpu-platform';
import { describeAdapter, limitsInWords } from './adapter.js';
import { GpuRuntime } from './gpu-runtime.js';
import { WEBGPU_MATMUL_KERNELS, WebgpuBackend, type WebgpuMatmulKernel } from './webgpu-backend.js';

/** Which adapters to accept. */
export type WebgpuAdapterChoice = 'auto' | 'gpu' | 'software';
export const WEBGPU_ADAPTER_CHOICES: readonly WebgpuAdapterChoice[] = ['auto', 'gpu', 'software'];

export interface WebgpuBackendOptions {
  /**
   * 'auto' (default): the adapter WebGPU offers for high performance, GPU or software renderer;
   * 'gpu': refuse a software renderer; 'software': refuse a GPU (to test what CI runs).
   */
  readonly adapter?: WebgpuAdapterChoice;
  /**
   * The matmul kernel: 'auto' (default) picks by the adapter, 'register' (no workgroup memory)
   * on a software renderer and 'tiled' (workgroup-memory tiles) on a GPU; either can be forced,
   * to compare them or to test the other one.
   */
  readonly matmul?: WebgpuMatmulKernel;
}

/**
 * Starts the WebGPU backend. `info.engine` is 'gpu' or 'software' (what really runs);
 * `info.limits` names the adapter and states the device's limits.
 * @throws BackpropError('createWebgpuBackend', …) when no adapter or device is available (with
 *   the fix: Vulkan loader, driver, VK_ICD_FILENAMES), or the adapter is not the kind asked for.
 */
export async function createWebgpuBackend(options: WebgpuBackendOptions = {}): Promise<WebgpuBackend> {
  const op = 'createWebgpuBackend';
  const choice = options.adapter ?? 'auto';
  if (!WEBGPU_ADAPTER_CHOICES.includes(choice)) throw new BackpropError(op, `adapter must be one of ${WEBGPU_ADAPTER_CHOICES.join(', ')}, got ${JSON.stringify(choice)}`);
  const matmul = options.matmul ?? 'auto';
  if (!WEBGPU_MATMUL_KERNELS.includes(matmul)) throw new BackpropError(op, `matmul must be one of ${WEBGPU_MATMUL_KERNELS.join(', ')}, got ${JSON.stringify(matmul)}`);
  let gpu: GPU;
  try {
    gpu = await openGpu();
  } catch (error) {
    throw new BackpropError(op, `WebGPU is not available on ${PLATFORM}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    throw new BackpropError(op, `requestAdapter failed (${error instanceof Error ? error.message : String(error)}). ${NO_ADAPTER_ADVICE}`);
  }
  if (!adapter) {
    throw new BackpropError(op, `no WebGPU adapter on ${PLATFORM}. ${NO_ADAPTER_ADVICE}`);
  }
  const described = describeAdapter(adapter.info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true || adapter.info.isFallbackAdapter === true);
  if (choice === 'gpu' && described.software) {
    throw new BackpropError(op, `asked for a GPU, but the only WebGPU adapter is ${described.text}`);
  }
  if (choice === 'software' && !described.software) {
    throw new BackpropError(op, `asked for a software renderer, but the WebGPU adapter is ${described.text}`);
  }
  const a = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
        maxBufferSize: a.maxBufferSize,
        maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
      },
    });
  } catch (error) {
    throw new BackpropError(op, `the adapter (${described.text}) refused a device: ${error instanceof Error ? error.message : String(error)}`);
  }
  const runtime = new GpuRuntime(device, described.text);
  const info = { name: 'webgpu', engine: described.software ? 'software' : 'gpu', precision: 'float32' as const, limits: limitsInWords(device.limits, described) };
  return new WebgpuBackend(info, runtime, matmul);
}
