/**
 * Both matmul kernels against a float64 reference on shapes that cross their tile edges: the
 * conformance suite runs only the kernel the adapter picks ('register' on CI's SwiftShader), so
 * the GPU's 'tiled' kernel is checked here on the same adapter, for all four transpose cases and
 * the dense forward's bias + activation epilogue.
 */
import { BackpropError } from '@backprop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebgpuBackend, type WebgpuBackend } from './index.js';
import { probeWebgpu } from './test-support/probe.js';

const probe = await probeWebgpu();
const skip = probe.engine ? '' : ` (skipped: ${probe.reason})`;

/** Deterministic values in [-1, 1) with no pattern a wrong index could still match. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** C = op(A)·op(B) in float64 from row-major stored operands. */
function reference(a: Float32Array, aCols: number, b: Float32Array, bCols: number, m: number, k: number, n: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[tA ? p * aCols + i : i * aCols + p]! * b[tB ? j * bCols + p : p * bCols + j]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>, k: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  // float32 accumulation of k products of magnitude ≤ 1.
  expect(worst).toBeLessThan(k * 2e-6);
}

describe.skipIf(!probe.engine)(`matmul kernels${skip}`, () => {
  const opened: WebgpuBackend[] = [];
  // Each test's devices are closed when it ends: with several Dawn devices on SwiftShader left
  // open until the file's end, tearing them down together killed the test process in 3 of 5 runs
  // under Xvfb (0 of 9 once each closes after its own test). The cause found later: each backend
  // had its own Dawn instance, freed by a GC while its destroyed device still used it (see
  // platform/node.ts, now one instance per process); closing per test is kept as good practice.
  afterEach(() => {
    opened.forEach((b) => b.close());
    opened.length = 0;
  });

  it("'auto' picks the register kernel on a software renderer and the tiled one on a GPU; a wrong name is refused", async () => {
    const b = await createWebgpuBackend();
    opened.push(b);
    expect(b.matmulKernel).toBe(b.info.engine === 'software' ? 'register' : 'tiled');
    await expect(createWebgpuBackend({ matmul: 'fast' as never })).rejects.toThrow(BackpropError);
    await expect(createWebgpuBackend({ matmul: 'fast' as never })).rejects.toThrow(/^createWebgpuBackend: matmul must be one of auto, tiled, register, got "fast"/);
  });

  it('a result taller than the register kernel allows per dispatch (over 65,535 workgroups of 16 rows) runs on the tiled kernel', { timeout: 120_000 }, async () => {
    const b = await createWebgpuBackend({ matmul: 'register' });
    opened.push(b);
    const rows = 65_535 * 16 + 5;
    const column = Float32Array.from({ length: rows }, (_, i) => i % 7);
    const c = await b.read(b.matmul(b.fromArray(column, rows, 1), b.fromArray([1, -2], 1, 2), false, false));
    expect(c.length).toBe(rows * 2);
    // (+ 0: the kernel's 0 + 0·-2 is +0, JavaScript's -2·0 is -0.)
    for (const i of [0, 1, 6, 1_048_559, rows - 1]) expect([c[2 * i]! + 0, c[2 * i + 1]! + 0]).toEqual([i % 7, -2 * (i % 7) + 0]);
  });

  // (m, k, n): past the direct kernel (> 1,024 outputs), edges inside both kernels' tiles, a K
  // that is not a multiple of the register kernel's unroll of 4; and one exact fit.
  for (const kernel of ['tiled', 'register'] as const) {
    it(`${kernel}: all four transposes match a float64 reference on 70×29·29×67 and 64×64·64×128`, { timeout: 120_000 }, async () => {
      const b = await createWebgpuBackend({ matmul: kernel });
      opened.push(b);
      expect(b.matmulKernel).toBe(kernel);
      for (const [m, k, n] of [
        [70, 29, 67],
        [64, 64, 128],
      ] as const) {
        for (const [tA, tB] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          const [ar, ac, br, bc] = [tA ? k : m, tA ? m : k, tB ? n : k, tB ? k : n];
          const av = values(ar * ac, m + 7 * k);
          const bv = values(br * bc, n + 13 * k);
          const c = b.matmul(b.fromArray(av, ar, ac), b.fromArray(bv, br, bc), tA, tB);
          expectClose(await b.read(c), reference(av, ac, bv, bc, m, k, n, tA, tB), k);
        }
      }
    });

    it(`${kernel}: the dense forward's bias + relu epilogue`, { timeout: 120_000 }, async () => {
      const b = await createWebgpuBackend({ matmul: kernel });
      opened.push(b);
      const [m, k, n] = [33, 41, 50];
      const [xv, wv, bias] = [values(m * k, 1), values(k * n, 2), values(n, 3)];
      const { z, a } = b.denseForward(b.fromArray(xv, m, k), b.fromArray(wv, k, n), b.fromArray(bias, 1, n), { kind: 'relu', alpha: 0 });
      const expected = reference(xv, k, wv, n, m, k, n, false, false).map((v, i) => v + bias[i % n]!);
      expectClose(await b.read(z), expected, k);
      expectClose(await b.read(a), expected.map((v) => Math.max(0, v)), k);
    });
  }
});
