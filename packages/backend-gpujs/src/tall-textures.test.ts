import { BackpropError, Ops } from '@backprop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from './index.js';
import { fittingLayout } from './tall-textures.js';

const square = (n: number): [number, number] => {
  const w = Math.ceil(Math.sqrt(n));
  return [w, Math.ceil(n / w)];
};

describe('fittingLayout', () => {
  it('keeps a near-square layout that fits, else fills rows of the full side', () => {
    expect(fittingLayout(2 * 16_385, 16_384, square)).toEqual([182, 181]);
    expect(fittingLayout(16_384 * 16_384, 16_384, () => [16_385, 16_383])).toEqual([16_384, 16_384]);
  });
});

describe('gpujs headlessgl: matrices beyond a texture side', () => {
  const backend = createGpujsBackend({ mode: 'headlessgl' });
  const ops = new Ops(backend);
  afterAll(() => backend.close());

  it('runs a 16,385-row matrix through upload, kernels and readback with the values in place', async () => {
    const rows = 16_385;
    const values = Float32Array.from({ length: rows * 2 }, (_, i) => (i % 977) / 7);
    const m = ops.fromArray(values, rows, 2);
    const doubled = ops.binaryScalar('mul', m, 2);
    const sums = ops.reduce('sum', doubled, 1);
    const got = await ops.read(sums);
    const want = Float32Array.from({ length: rows }, (_, r) => Math.fround(Math.fround(2 * values[2 * r]!) + Math.fround(2 * values[2 * r + 1]!)));
    expect(got).toEqual(want);
    for (const h of [m, doubled, sums]) ops.dispose(h);
  });

  // MAX_TEXTURE_SIZE of this context (16,384 on Mesa's llvmpipe), as info.limits states it.
  const side = Number(/at most (\d+)×\d+ texels/.exec(backend.info.limits.join('\n'))?.[1]);

  it('says the real limit in info.limits: side² values in any shape', () => {
    expect(side).toBeGreaterThanOrEqual(4096);
    expect(backend.info.limits.join('\n')).toContain(`rows·cols may be up to ${side * side} values, in any shape`);
  });

  it('refuses, before any work, a matrix with more values than one texture holds, stating the real limit', () => {
    const before = ops.liveHandles();
    let caught: unknown;
    try {
      // side+1 squared: no allocation happens, the refusal comes first.
      ops.fill(side + 1, side + 1, 0);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BackpropError);
    expect((caught as Error).message).toBe(
      `fill: a [${side + 1},${side + 1}] matrix holds ${(side + 1) ** 2} values, more than one headlessgl texture can (${side}×${side} = ${side * side}); use smaller batches, split the layer, or the cpu or webasm mode`,
    );
    expect(ops.liveHandles()).toBe(before);
  });
});
