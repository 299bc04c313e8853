import { BackpropError } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';

describe('createWasmBackend options', () => {
  it('describes itself', async () => {
    const b = await createWasmBackend({ mode: 'threads', threads: 2 });
    expect(b.info).toMatchObject({ name: 'wasm', engine: 'threads', precision: 'float32', threads: 2, sharedMemory: true, maxMemoryMiB: 4096, limits: [] });
    b.close();
    const s = await createWasmBackend({ mode: 'single' });
    expect(s.info).toMatchObject({ engine: 'single', threads: 1, limits: [] });
    s.close();
  });

  it('refuses bad options with the option, what was expected and what came', async () => {
    await expect(createWasmBackend({ mode: 'gpu' as 'single' })).rejects.toThrow(/createWasmBackend: mode must be 'threads', 'single' or 'auto', got gpu/);
    await expect(createWasmBackend({ threads: 0 })).rejects.toThrow(/threads must be a positive integer, got 0/);
    await expect(createWasmBackend({ maxMemoryMiB: 5000 })).rejects.toThrow(/maxMemoryMiB must be at most 4096/);
    await expect(createWasmBackend({ matmulThreshold: -1 })).rejects.toThrow(BackpropError);
  });

  it('keeps to its memory ceiling, with an error naming the operation', async () => {
    const b = await createWasmBackend({ mode: 'single', maxMemoryMiB: 16 });
    const a = b.fill(1024, 1024, 1); // 4 MiB
    expect(() => b.fill(2048, 2048, 1)).toThrow(/fill: out of WebAssembly memory: this needs .* MiB .* ceiling is 16\.0 MiB/);
    expect(b.liveHandles()).toBe(1);
    expect(() => b.matmul(a, a, false, false)).not.toThrow();
    b.close();
  });
});
