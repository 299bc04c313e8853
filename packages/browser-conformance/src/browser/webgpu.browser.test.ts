// backend-webgpu in Chromium, beside the conformance suite that registry.browser.test.ts runs on
// its registry variants: proofs that the browser build computes through navigator.gpu (not
// Dawn), names its adapter honestly (SwiftShader here: a software renderer, never a GPU), and
// refuses what the adapter cannot do; plus the per-op figures the package README quotes.
import { startBackend } from '@backprop/backends';
import { describe, expect, it } from 'vitest';

interface WebgpuExtras {
  finish(): Promise<void>;
  memory(): { submits: number; dispatches: number };
}

/** Why this Chromium offers no WebGPU adapter, or null when it does. */
async function noAdapter(): Promise<string | null> {
  const gpu = (navigator as { gpu?: GPU }).gpu;
  if (!gpu) return 'navigator.gpu is missing (Chromium needs --enable-unsafe-webgpu and a localhost page)';
  return (await gpu.requestAdapter()) ? null : 'navigator.gpu.requestAdapter() gave null';
}

const reason = await noAdapter();
const why = reason === null ? '' : ` (skipped: ${reason})`;

describe('backend-webgpu in Chromium', () => {
  it.skipIf(reason !== null)(`computes through navigator.gpu and names the adapter${why}`, async () => {
    const backend = await startBackend({ backend: 'webgpu', variant: 'auto' });
    const adapter = await (navigator as { gpu: GPU }).gpu.requestAdapter();
    const software = /swiftshader/i.test(`${adapter!.info.vendor} ${adapter!.info.architecture}`);
    expect(backend.info.name).toBe('webgpu');
    expect(backend.info.engine).toBe(software ? 'software' : 'gpu');
    expect(backend.info.limits[0]).toMatch(software ? /^adapter: .*swiftshader.*, a software renderer on the CPU, not a GPU$/ : /, a GPU$/);
    const x = backend.fromArray([1, 2, 3, 4], 2, 2);
    expect(Array.from(await backend.read(backend.matmul(x, x, true, false)))).toEqual([10, 14, 14, 20]);
    backend.close?.();
  });

  it.skipIf(reason !== null)(`the 'gpu' variant refuses a software renderer, naming it${why}`, async () => {
    const adapter = await (navigator as { gpu: GPU }).gpu.requestAdapter();
    if (!/swiftshader/i.test(`${adapter!.info.vendor} ${adapter!.info.architecture}`)) return;
    await expect(startBackend({ backend: 'webgpu', variant: 'gpu' })).rejects.toThrow(/asked for a GPU, but the only WebGPU adapter is .*swiftshader.*a software renderer/);
  });

  it.skipIf(reason !== null)(`per-op cost: a 1×1 add and a 64×64 matmul, batched (figures in the log)${why}`, async () => {
    const backend = await startBackend({ backend: 'webgpu', variant: 'auto' });
    const gpu = backend as typeof backend & WebgpuExtras;
    const one = backend.fromArray([1], 1, 1);
    const m64 = backend.fill(64, 64, 0.5);
    const time = async (label: string, op: () => ReturnType<typeof backend.matmul>, n: number): Promise<number> => {
      for (let i = 0; i < 3; i++) backend.dispose(op());
      await gpu.finish();
      const samples: number[] = [];
      for (let r = 0; r < 5; r++) {
        const t = performance.now();
        for (let i = 0; i < n; i++) backend.dispose(op());
        await gpu.finish();
        samples.push(((performance.now() - t) * 1000) / n);
      }
      const median = samples.sort((a, b) => a - b)[2]!;
      console.log(`chromium backend-webgpu ${label}: ${median.toFixed(1)} µs/op (median of 5 batches of ${n})`);
      return median;
    };
    expect(await time('add 1×1', () => backend.binary('add', one, one), 256)).toBeGreaterThan(0);
    expect(await time('matmul 64×64×64', () => backend.matmul(m64, m64, false, false), 32)).toBeGreaterThan(0);
    expect((await backend.read(backend.matmul(m64, m64, false, false)))[0]).toBe(16);
    backend.close?.();
  });
});
