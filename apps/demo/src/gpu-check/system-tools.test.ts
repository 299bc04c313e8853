// The parsers read real tool output captured on the development machine (Mesa 22.3 llvmpipe,
// Debian 12: fixtures/) and the documented CSV form of nvidia-smi's --query-gpu.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEglinfo, parseGlxinfo, parseNvidiaSmi, parseVulkaninfo } from './system-tools.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('system renderer tools', () => {
  it('glxinfo -B: the renderer and vendor strings, classified as software on llvmpipe', () => {
    expect(parseGlxinfo(fixture('glxinfo-llvmpipe.txt'))).toEqual([{ path: 'GLX', renderer: 'llvmpipe (LLVM 15.0.6, 256 bits) (Mesa/X.org)', classification: 'software' }]);
    expect(parseGlxinfo('Error: unable to open display')).toEqual([]);
  });

  it('eglinfo -B: one entry per platform that initialised, with its driver', () => {
    const seen = parseEglinfo(fixture('eglinfo-llvmpipe.txt'));
    expect(seen.map((s) => s.path)).toEqual(['EGL Surfaceless', 'EGL Device']);
    for (const s of seen) {
      expect(s.renderer).toBe('driver swrast, vendor Mesa Project');
      expect(s.classification).toBe('software');
    }
  });

  it('vulkaninfo --summary: each device with its type; a CPU device is software', () => {
    expect(parseVulkaninfo(fixture('vulkaninfo-llvmpipe.txt'))).toEqual([{ path: 'Vulkan GPU0', renderer: 'llvmpipe (LLVM 15.0.6, 256 bits) (PHYSICAL_DEVICE_TYPE_CPU)', classification: 'software' }]);
  });

  it('nvidia-smi CSV: one GPU per line', () => {
    expect(parseNvidiaSmi('NVIDIA H200, 580.159.04, 143771 MiB\n')).toEqual([{ path: 'nvidia-smi GPU0', renderer: 'NVIDIA H200, 580.159.04, 143771 MiB', classification: 'gpu' }]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });
});
