import { describe, expect, it } from 'vitest';
import { KernelCache } from './kernel-cache.js';
import { createGpujsBackend } from './index.js';
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

describe('KernelCache', () => {
  it('compiles once per key and evicts the least recently used beyond its bound', () => {
    const evicted: string[] = [];
    const cache = new KernelCache<string>(2, { evict: (k) => evicted.push(k) });
    let compiles = 0;
    const get = (key: string): string => cache.get(key, () => (compiles++, `kernel ${key}`));
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    expect(compiles).toBe(3);
    expect(evicted).toEqual(['kernel b']);
    expect(cache.keys()).toEqual(['a', 'c']);
    cache.clear();
    expect(evicted).toEqual(['kernel b', 'kernel a', 'kernel c']);
    expect(cache.size).toBe(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new KernelCache(0, { evict: () => undefined })).toThrow('KernelCache: maxSize must be a positive integer, got 0');
  });
});

describe.each(MODES_UNDER_TEST)('the backend kernel cache in %s mode', (mode) => {
  it('reuses kernels per (operation, shape), stays within its bound, and handles outlive evicted kernels', () => {
    const backend = createGpujsBackend({ mode, kernelCacheSize: 3 });
    const texturesAtStart = backend.memory().glTextures;
    const a = backend.fromArray([1, -2, 3, -4], 2, 2);
    const outs = [backend.unary('neg', a), backend.unary('neg', a)];
    const compiledAfterTwo = backend.memory().compiledKernels;
    outs.push(backend.unary('abs', a), backend.unary('relu', a), backend.unary('square', a), backend.unary('exp', a));
    expect(backend.memory().cachedKernels).toBe(3);
    expect(backend.memory().compiledKernels).toBe(compiledAfterTwo + 4);
    // neg's kernel was evicted; its outputs still read right and free cleanly.
    expect(Array.from(backend.readSync(outs[0]!))).toEqual([-1, 2, -3, 4]);
    expect(Array.from(backend.readSync(outs[1]!))).toEqual([-1, 2, -3, 4]);
    backend.clearKernelCache();
    expect(backend.memory().cachedKernels).toBe(0);
    expect(Array.from(backend.readSync(outs[4]!))).toEqual([1, 4, 9, 16]);
    for (const m of [a, ...outs]) backend.dispose(m);
    expect(backend.liveHandles()).toBe(0);
    expect(backend.memory().glTextures).toBe(texturesAtStart);
    backend.close();
  });
});
