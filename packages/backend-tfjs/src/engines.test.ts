import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { MATMUL_STRATEGY } from './matmul-strategy.js';
import { nativeEngine, nativeSkipReason } from './test-support/engines.js';

describe('engine selection', () => {
  for (const engine of ['wasm', 'cpu'] as const) {
    it(`'${engine}' runs on tfjs's ${engine} engine and says so`, async () => {
      const backend = await createTfjsBackend({ engine });
      expect(backend.info).toMatchObject({ name: 'tfjs', engine, precision: 'float32' });
      expect(tf.getBackend()).toBe(engine);
      expect(backend.matmulStrategy).toBe(MATMUL_STRATEGY[engine]);
      const m = backend.fill(1, 2, 3);
      expect(Array.from(backend.readSync!(m))).toEqual([3, 3]);
      backend.dispose(m);
    });
  }

  it('chooses explicit transposes on wasm and transpose flags on cpu and tensorflow (README, "Matmul")', () => {
    expect(MATMUL_STRATEGY).toMatchObject({ wasm: 'explicit-transpose', cpu: 'flags', tensorflow: 'flags' });
  });

  it("'auto' takes tensorflow where tfjs-node loads, else wasm", async () => {
    const backend = await createTfjsBackend({ engine: 'auto' });
    const expected = nativeEngine.loaded ? 'tensorflow' : 'wasm';
    expect(backend.info.engine).toBe(expected);
    expect(tf.getBackend()).toBe(expected);
  });

  it("'auto' says in info.limits why it passed over the engines before the one it took", async () => {
    const backend = await createTfjsBackend({ engine: 'auto' });
    const passedOver = backend.info.limits.filter((l) => l.startsWith('auto passed over'));
    if (nativeEngine.loaded) expect(passedOver).toEqual([]);
    else expect(passedOver).toEqual([expect.stringContaining("auto passed over 'tensorflow': createTfjsBackend: engine 'tensorflow' needs @tensorflow/tfjs-node")]);
  });

  for (const engine of ['webgl', 'webgpu'] as const) {
    it(`'${engine}' in Node fails saying it runs only in browsers`, async () => {
      await expect(createTfjsBackend({ engine })).rejects.toThrow(
        `createTfjsBackend: engine '${engine}' runs only in browsers (tfjs's ${engine} engine needs a browser's ${engine === 'webgpu' ? 'navigator.gpu' : 'canvas'}); in Node use tensorflow, wasm or cpu`,
      );
    });
  }

  it('defaults to auto', async () => {
    const backend = await createTfjsBackend();
    expect(backend.info.engine).toBe(nativeEngine.loaded ? 'tensorflow' : 'wasm');
  });

  if (nativeSkipReason === null) {
    it("'tensorflow' runs on native TensorFlow where tfjs-node loads (and always in CI, which builds it)", async () => {
      // In CI a tfjs-node that does not load fails here, with its load error.
      expect(nativeEngine.loaded ? 'loaded' : nativeEngine.reason).toBe('loaded');
      const backend = await createTfjsBackend({ engine: 'tensorflow' });
      expect(backend.info.engine).toBe('tensorflow');
      expect(tf.getBackend()).toBe('tensorflow');
      expect(backend.matmulStrategy).toBe(MATMUL_STRATEGY.tensorflow);
      const m = backend.fill(1, 2, 3);
      expect(Array.from(backend.readSync!(m))).toEqual([3, 3]);
      backend.dispose(m);
    });
  } else {
    it(`'tensorflow' fails saying why and how to install it (tfjs-node is unavailable here: ${nativeSkipReason})`, async () => {
      const failure = createTfjsBackend({ engine: 'tensorflow' });
      await expect(failure).rejects.toThrow("createTfjsBackend: engine 'tensorflow' needs @tensorflow/tfjs-node, which cannot load here");
      await expect(failure).rejects.toThrow('npm install @tensorflow/tfjs-node@4.22.0');
      await expect(failure).rejects.toThrow('scripts/tfjs-node-offline.sh');
      // Loading is tried once: the failure is remembered, not re-run with its side effects.
      await expect(createTfjsBackend({ engine: 'tensorflow' })).rejects.toThrow(nativeEngine.loaded ? 'unreachable' : nativeEngine.reason);
    });
  }

  it('refuses an unknown engine, listing the known ones', async () => {
    await expect(createTfjsBackend({ engine: 'metal' as 'cpu' })).rejects.toThrow(
      'createTfjsBackend: engine must be one of tensorflow, webgpu, webgl, wasm, cpu, auto, got "metal"',
    );
  });
});

describe('two backends on different engines in one process', () => {
  it('each runs its operations on its own engine, with correct results', async () => {
    const onWasm = await createTfjsBackend({ engine: 'wasm' });
    const onCpu = await createTfjsBackend({ engine: 'cpu' });
    const a = onWasm.fromArray([1, 2, 3, 4], 2, 2);
    const b = onCpu.fromArray([1, 2, 3, 4], 2, 2);
    expect(tf.getBackend()).toBe('cpu');
    const c = onWasm.matmul(a, a, true, false);
    expect(tf.getBackend()).toBe('wasm');
    const d = onCpu.matmul(b, b, true, false);
    expect(tf.getBackend()).toBe('cpu');
    // [1 3; 2 4]·[1 2; 3 4]
    expect(Array.from(onWasm.readSync!(c))).toEqual([10, 14, 14, 20]);
    expect(Array.from(onCpu.readSync!(d))).toEqual([10, 14, 14, 20]);
    for (const m of [a, c]) onWasm.dispose(m);
    for (const m of [b, d]) onCpu.dispose(m);
    expect(onWasm.liveHandles()).toBe(0);
    expect(onCpu.liveHandles()).toBe(0);
  });
});
