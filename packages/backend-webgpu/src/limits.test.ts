/**
 * Shapes beyond the device's limits are refused before any work with a BackpropError that states
 * the limit; a lost device is an error naming it; the adapter is described honestly.
 */
import { BackpropError } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { describeAdapter } from './adapter.js';
import { createWebgpuBackend, type WebgpuBackend } from './index.js';
import { probeWebgpu } from './test-support/probe.js';
import { wgslLiteral } from './wgsl/dialect.js';

const probe = await probeWebgpu();
const skip = probe.engine ? '' : ` (skipped: ${probe.reason})`;

describe('device limits', () => {
  it.skipIf(!probe.engine)(`refuses a matrix larger than the largest storage buffer, before any work, stating the limit${skip}`, async () => {
    const b = await createWebgpuBackend();
    const limit = b.info.limits.find((l) => l.startsWith('one matrix holds at most'));
    expect(limit).toMatch(/values \(\d+ MiB, the device's largest storage buffer\)/);
    const tooMany = /at most ([\d,]+) values/.exec(limit!)![1]!.replaceAll(',', '');
    const side = Math.ceil(Math.sqrt(Number(tooMany))) + 1;
    expect(() => b.fill(side, side, 0)).toThrow(BackpropError);
    expect(() => b.fill(side, side, 0)).toThrow(/^fill: a \[\d+,\d+\] matrix holds [\d,]+ float32 values, more than this WebGPU device's largest storage buffer holds \([\d,]+ values, \d+ MiB: maxStorageBufferBindingSize\)/);
    // A matmul whose result is too large, from small inputs: refused before its dispatch is recorded.
    const col = b.fill(side, 1, 1);
    const row = b.fill(1, side, 1);
    const before = b.memory();
    expect(() => b.matmul(col, row, false, false)).toThrow(/^matmul: .*maxStorageBufferBindingSize/);
    expect(b.memory().dispatches).toBe(before.dispatches);
    expect(b.liveHandles()).toBe(2);
    // The backend still works afterwards.
    expect(Array.from(await b.read(b.matmul(row, col, false, false)))).toEqual([side]);
    b.close();
  });

  it.skipIf(!probe.engine)(`reports a lost device as an error naming it, not a hang${skip}`, async () => {
    const b = await createWebgpuBackend();
    const x = b.fill(2, 2, 1);
    // Losing the device as a driver reset would: destroy() resolves device.lost.
    (b as unknown as { runtime: { device: GPUDevice } }).runtime.device.destroy();
    await (b as unknown as { runtime: { device: GPUDevice } }).runtime.device.lost;
    expect(() => b.unary('exp', x)).toThrow(/^unary\(exp\): the WebGPU device \(.+\) was lost \(destroyed/);
    await expect(b.read(x)).rejects.toThrow(/^read: the WebGPU device .* was lost/);
    b.close();
  });

  it.skipIf(!probe.engine)(`close() makes every later call a BackpropError${skip}`, async () => {
    const b: WebgpuBackend = await createWebgpuBackend();
    const x = b.fill(1, 1, 1);
    b.close();
    expect(() => b.fill(1, 1, 0)).toThrow(/^fill: this WebGPU backend was closed/);
    expect(() => b.dispose(x)).toThrow(BackpropError);
  });
});

describe('adapter description', () => {
  const info = (vendor: string, architecture: string, device = '', description = ''): GPUAdapterInfo => ({ vendor, architecture, device, description }) as GPUAdapterInfo;

  it('never calls a software renderer a GPU', () => {
    for (const [v, a, d] of [
      ['google', 'swiftshader', ''],
      ['mesa', '', 'llvmpipe (LLVM 15.0.6, 256 bits)'],
      ['mesa', '', 'lavapipe'],
      ['microsoft', '', 'Microsoft Basic Render Driver'],
    ] as const) {
      const d1 = describeAdapter(info(v, a, d), false);
      expect(d1.software, `${v} ${a} ${d}`).toBe(true);
      expect(d1.text).toMatch(/a software renderer on the CPU, not a GPU$/);
    }
    expect(describeAdapter(info('nvidia', 'hopper', 'NVIDIA H200'), false)).toEqual({ text: 'nvidia hopper (NVIDIA H200), a GPU', software: false });
    expect(describeAdapter(info('nvidia', 'hopper'), true).software).toBe(true);
  });
});

describe('WGSL literals', () => {
  it('prints every constant as an f32 literal WGSL accepts, infinities through bits', () => {
    expect(wgslLiteral(2)).toBe('2.0');
    expect(wgslLiteral(0.5)).toBe('0.5');
    expect(wgslLiteral(-3)).toBe('(-3.0)');
    expect(wgslLiteral(1e-7)).toBe('1e-7');
    expect(wgslLiteral(1.5e21)).toBe('1.5e+21');
    expect(wgslLiteral(-0)).toBe('(-0.0)');
    expect(wgslLiteral(-Infinity)).toBe('bitcast<f32>(NEG_INF_BITS)');
    expect(() => wgslLiteral(NaN)).toThrow();
  });
});
