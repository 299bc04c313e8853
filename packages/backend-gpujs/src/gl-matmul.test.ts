/**
 * The packed native-GLSL product on headless GL (gl-matmul-sources.ts): every transpose, inner
 * sizes that leave a partial last texel, two-row operands, and the fused bias of denseForward,
 * against float64; its scratch textures must not accumulate.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '@backprop/core';
import { glslFloat, packedLength } from './gl-matmul-sources.js';
import { createGpujsBackend } from './index.js';
import { expectClose, map64, matmul64, seededMatrix, TOLERANCES, type Dense } from '@backprop/test-kit';

/** float32 against float64, the suite's preset. */
const F32 = TOLERANCES.float32;

describe('GLSL helpers', () => {
  it('writes float literals GLSL ES 1.00 accepts', () => {
    expect(glslFloat(3)).toBe('3.0');
    expect(glslFloat(0.25)).toBe('0.25');
    expect(glslFloat(1e-7)).toBe('1e-7');
  });

  it('packs four inner values per texel, rounding up', () => {
    expect([1, 4, 5, 130].map(packedLength)).toEqual([1, 1, 2, 33]);
  });
});

describe('packed GL products on headless GL', () => {
  const backend = createGpujsBackend({ mode: 'headlessgl' });
  afterAll(() => backend.close());
  const upload = (d: Dense): Matrix => backend.fromArray(d.data, d.rows, d.cols);
  const readAndFree = (m: Matrix): Float32Array => {
    const out = backend.readSync(m);
    backend.dispose(m);
    return out;
  };

  // [rows of op(A), inner, cols of op(B)]: each big enough to take the packed path.
  const cases: [number, number, number, boolean, boolean][] = [
    [64, 130, 32, false, false],
    [33, 130, 9, false, true],
    [130, 64, 40, true, false],
    [40, 66, 130, true, true],
    [2, 4099, 5, false, false],
    [300, 3, 200, false, false],
    [181, 2, 190, true, true],
  ];
  it.each(cases)('[%i×%i]·[·×%i], transposeA=%s transposeB=%s, against float64', (m, k, n, ta, tb) => {
    expect(backend.info.engine).toBe('headlessgl');
    const a = ta ? seededMatrix(k, m, 11) : seededMatrix(m, k, 11);
    const b = tb ? seededMatrix(n, k, 12) : seededMatrix(k, n, 12);
    const ha = upload(a);
    const hb = upload(b);
    const compiledBefore = backend.memory().compiledKernels;
    const out = backend.matmul(ha, hb, ta, tb);
    // Two packing kernels and the product: proof that this case ran the packed path.
    expect(backend.memory().compiledKernels - compiledBefore).toBe(3);
    expect(out).toMatchObject({ rows: m, cols: n });
    expectClose(readAndFree(out), matmul64(a, b, ta, tb), F32, 'packed matmul');
    backend.dispose(ha);
    backend.dispose(hb);
  });

  it('denseForward adds the bias row in the packed product', () => {
    const x = seededMatrix(16, 100, 21);
    const w = seededMatrix(100, 24, 22);
    const b = seededMatrix(1, 24, 23);
    const [hx, hw, hb] = [x, w, b].map(upload) as [Matrix, Matrix, Matrix];
    const { z, a } = backend.denseForward(hx, hw, hb, { kind: 'relu', alpha: 0 });
    const z64 = map64(matmul64(x, w, false, false), (v, _r, c) => v + b.data[c]!);
    expectClose(readAndFree(z), z64, F32, 'Z');
    expectClose(readAndFree(a), map64(z64, (v) => Math.max(v, 0)), F32, 'A');
    for (const h of [hx, hw, hb]) backend.dispose(h);
  });

  it('keeps the live GL texture count flat across repeated products (packed operands are scratch)', () => {
    const a = upload(seededMatrix(48, 96, 31));
    const b = upload(seededMatrix(96, 40, 32));
    backend.dispose(backend.matmul(a, b, false, false));
    const before = backend.memory().glTextures;
    for (let i = 0; i < 50; i++) backend.dispose(backend.matmul(a, b, false, false));
    expect(backend.memory().glTextures).toBe(before);
    backend.dispose(a);
    backend.dispose(b);
  });
});

describe('packed GL products with a kernel cache too small to hold one product', () => {
  it('stay right and free every scratch texture when packing kernels are evicted mid-product', () => {
    const backend = createGpujsBackend({ mode: 'headlessgl', kernelCacheSize: 2 });
    const a = seededMatrix(40, 96, 41);
    const b = seededMatrix(96, 48, 42);
    const ha = backend.fromArray(a.data, a.rows, a.cols);
    const hb = backend.fromArray(b.data, b.rows, b.cols);
    const want = matmul64(a, b, false, false);
    const first = backend.matmul(ha, hb, false, false);
    expectClose(backend.readSync(first), want, F32, 'first product');
    backend.dispose(first);
    const before = backend.memory().glTextures;
    for (let i = 0; i < 5; i++) {
      const out = backend.matmul(ha, hb, false, false);
      expectClose(backend.readSync(out), want, F32, `product ${i + 2}`);
      backend.dispose(out);
    }
    expect(backend.memory().glTextures).toBe(before);
    backend.dispose(ha);
    backend.dispose(hb);
    backend.close();
  });
});
