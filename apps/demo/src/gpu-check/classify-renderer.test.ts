import { describe, expect, it } from 'vitest';
import { classifyRenderer, rendererLabel } from './classify-renderer.js';

describe('classifyRenderer', () => {
  it('calls every CPU renderer software, whatever wraps it', () => {
    for (const s of [
      'ANGLE (Mesa/X.org llvmpipe (LLVM 15.0.6, 256 bits) OpenGL 4.5 core)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'softpipe',
      'driver swrast, vendor Mesa Project',
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits) (PHYSICAL_DEVICE_TYPE_CPU)',
      'lavapipe',
    ]) {
      expect(classifyRenderer(s), s).toBe('software');
    }
  });

  it('names real GPUs by vendor or model', () => {
    for (const s of ['ANGLE (NVIDIA Corporation, NVIDIA H200/PCIe/SSE2, OpenGL 4.6.0 NVIDIA 580.159.04)', 'NVIDIA H200, 580.159.04, 143771 MiB', 'AMD Radeon RX 7900', 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)', 'NVIDIA H200 (PHYSICAL_DEVICE_TYPE_DISCRETE_GPU)']) {
      expect(classifyRenderer(s), s).toBe('gpu');
    }
  });

  it('admits what it cannot tell', () => {
    expect(classifyRenderer('ANGLE')).toBe('unknown');
    expect(classifyRenderer('')).toBe('unknown');
    expect(classifyRenderer(undefined)).toBe('unknown');
    expect(rendererLabel('software')).toBe('software renderer');
    expect(rendererLabel('unknown')).not.toMatch(/GPU/);
  });
});
