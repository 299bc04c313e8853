/**
 * hostArray: a live Float32Array over a matrix's storage in linear memory, which lets core train
 * small networks through its fused host path. With shared memory a view survives growth of the
 * memory (it keeps seeing its own matrix, not the grown part); with plain memory growth
 * detaches it, and a fresh view works.
 */
import { createNetwork, fit } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';
import type { WasmBackend } from './wasm-backend.js';

/** Makes a matrix big enough to grow linear memory well past its current size. */
function forceGrowth(backend: WasmBackend) {
  const before = backend.memoryBytes();
  const big = backend.fill(1024, Math.ceil(before / 4096) + 1024, 0);
  expect(backend.memoryBytes()).toBeGreaterThan(before);
  return big;
}

describe('hostArray', () => {
  it('writes through to the matrix', async () => {
    const backend = await createWasmBackend({ mode: 'single' });
    const m = backend.fromArray([1, 2, 3, 4], 2, 2);
    const view = backend.hostArray(m);
    expect(Array.from(view)).toEqual([1, 2, 3, 4]);
    view[3] = 40;
    expect(Array.from(backend.readSync(m))).toEqual([1, 2, 3, 40]);
    backend.close();
  });

  it('with shared memory, a view taken before memory grows still reads and writes its matrix', async () => {
    const backend = await createWasmBackend({ mode: 'single' });
    expect(backend.info.sharedMemory).toBe(true);
    const m = backend.fromArray([5, 6, 7], 1, 3);
    const view = backend.hostArray(m);
    const big = forceGrowth(backend);
    // The old SharedArrayBuffer keeps its length: the view is intact but cannot see the grown part.
    expect(view.buffer.byteLength).toBeLessThan(backend.memoryBytes());
    expect(Array.from(view)).toEqual([5, 6, 7]);
    view[0] = 50;
    expect(backend.readSync(m)[0]).toBe(50);
    expect(backend.hostArray(m), 'the kept view is still the one handed out').toBe(view);
    // A matrix in the grown part gets a view of the grown buffer.
    const tail = backend.fromArray([8, 9], 1, 2);
    expect(Array.from(backend.hostArray(tail))).toEqual([8, 9]);
    for (const h of [big, tail]) backend.dispose(h);
    backend.close();
  });

  it('with plain memory, growth detaches an old view and a fresh one works', async () => {
    const backend = await createWasmBackend({ sharedMemory: false });
    expect(backend.info).toMatchObject({ sharedMemory: false, engine: 'single', threads: 1 });
    expect(backend.info.limits.join(' ')).toMatch(/one thread only: sharedMemory: false/);
    const m = backend.fromArray([5, 6, 7], 1, 3);
    const view = backend.hostArray(m);
    const big = forceGrowth(backend);
    expect(view.length, 'a view of non-shared memory is detached by growth').toBe(0);
    expect(Array.from(backend.hostArray(m))).toEqual([5, 6, 7]);
    backend.dispose(big);
    backend.close();
  });

  for (const sharedMemory of [true, false]) {
    it(`lets core train a small network on its host path (${sharedMemory ? 'shared' : 'plain'} memory), matching the per-operation path`, async () => {
      const losses = [];
      for (const path of ['auto', 'ops'] as const) {
        const backend = await createWasmBackend({ sharedMemory });
        const net = createNetwork(backend, { inputSize: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse', seed: 3 });
        const x = [0, 0, 0, 1, 1, 0, 1, 1];
        const y = [0, 1, 1, 0];
        const history = await fit(net, { data: x, rows: 4, cols: 2 }, { data: y, rows: 4, cols: 1 }, { epochs: 50, batchSize: 4, optimizer: { kind: 'sgd', lr: 0.5 }, path });
        expect(history.path).toBe(path === 'auto' ? 'host' : 'ops');
        losses.push(history.epochs.at(-1)!.loss);
        net.dispose();
        expect(backend.liveHandles()).toBe(0);
        backend.close();
      }
      expect(losses[0]).toBeCloseTo(losses[1]!, 5);
    });
  }
});
