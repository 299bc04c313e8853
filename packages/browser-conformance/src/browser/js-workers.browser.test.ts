// backend-js's Web Workers in Chromium. vitest.config.ts serves this page cross-origin isolated
// (COOP/COEP), so SharedArrayBuffer exists and big matmuls are split across Web Workers; the
// bundle test checks the other case (no isolation: one thread, and info.limits says why).
import { createJsBackend } from '@backprop/backend-js';
import { describe, expect, it } from 'vitest';

function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
}

describe('backend-js in a cross-origin isolated page', () => {
  it('starts Web Workers, says so in info.limits, and their share of a matmul is right', async () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    const threaded = createJsBackend({ threads: 3, threadThreshold: 1 });
    const single = createJsBackend({ threads: 1 });
    try {
      expect(threaded.info.threads).toBe(3);
      expect(threaded.info.limits).toContainEqual(expect.stringContaining('2 Web Workers over SharedArrayBuffer'));
      expect(await threaded.threadsReady()).toBe(2);
      const [m, k, n] = [96, 80, 72];
      const a = values(m * k, 1);
      const b = values(k * n, 2);
      for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
        const product = (backend: typeof single) => {
          const x = backend.fromArray(a, ta ? k : m, ta ? m : k);
          const y = backend.fromArray(b, tb ? n : k, tb ? k : n);
          const c = backend.matmul(x, y, ta, tb);
          const out = backend.readSync(c);
          for (const h of [x, y, c]) backend.dispose(h);
          return Array.from(out);
        };
        expect(product(threaded)).toEqual(product(single));
      }
      expect(threaded.threadJobsRun()).toBeGreaterThan(0);
      expect(threaded.liveHandles()).toBe(0);
    } finally {
      threaded.close();
      single.close();
    }
  });
});
