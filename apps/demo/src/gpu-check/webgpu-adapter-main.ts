/**
 * Child process: loads the `webgpu` package (Dawn for Node, which gpu.js depends on) and asks it
 * for an adapter; prints the adapter's info, or why there is none, as one JSON line. On Debian 12
 * its binary does not load (it needs GLIBCXX_3.4.32, newer than GCC 12's libstdc++): the reason
 * printed is the loader's own message. Run in its own process: a native crash stays there.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WebGpuAnswer } from './probe-types.js';

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface WebGpuModule {
  create(flags: string[]): { requestAdapter(): Promise<{ info?: AdapterInfo } | null> };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

async function probe(): Promise<WebGpuAnswer> {
  let path: string;
  try {
    const gpujsEntry = fileURLToPath(import.meta.resolve('@backprop/backend-gpujs'));
    const gpujs = createRequire(gpujsEntry).resolve('gpu.js');
    path = createRequire(gpujs).resolve('webgpu');
  } catch (error) {
    return { ok: false, reason: `the webgpu package is not installed (${firstLine(error)})` };
  }
  let webgpu: WebGpuModule;
  try {
    webgpu = (await import(pathToFileURL(path).href)) as WebGpuModule;
  } catch (error) {
    return { ok: false, reason: `webgpu (Dawn for Node) did not load: ${firstLine(error)}` };
  }
  try {
    const adapter = await webgpu.create([]).requestAdapter();
    if (!adapter) return { ok: true, adapter: null, note: 'Dawn loaded but found no adapter (no Vulkan driver?)' };
    const info = adapter.info ?? {};
    return { ok: true, adapter: { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' } };
  } catch (error) {
    return { ok: false, reason: `webgpu loaded but requestAdapter failed: ${firstLine(error)}` };
  }
}

process.stdout.write(JSON.stringify(await probe()) + '\n');
process.exit(0);
