/**
 * Whether a WebGPU adapter is here, for tests: { engine } when one is, else { reason }. Under
 * CI=true a missing adapter throws, so the run fails instead of skipping (setup installs
 * libvulkan1 and Chromium's SwiftShader driver; missing means the setup is broken).
 */
import { createWebgpuBackend } from '../index.js';

export async function probeWebgpu(): Promise<{ engine?: string; reason: string }> {
  try {
    const backend = await createWebgpuBackend();
    const engine = backend.info.engine;
    backend.close();
    return { engine, reason: '' };
  } catch (error) {
    const reason = `no WebGPU adapter here: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env['CI'] === 'true') throw new Error(`CI=true: ${reason}`, { cause: error });
    return { reason };
  }
}
