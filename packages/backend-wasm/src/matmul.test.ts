/**
 * The packed SIMD matmul against a float64 reference: every transpose case, shapes that are and
 * are not multiples of the 4×8 register tile, K longer than one K block (256), and the threaded
 * split giving bit-for-bit the single-thread result (each element is summed in the same order
 * whichever thread computes its row strip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';
import { asFloat32, dense, EXACT, expectClose, FLOAT32_ACCUMULATED, matmul64, seededValues } from '@backprop/conformance/kit';
import type { WasmBackend } from './wasm-backend.js';

const SHAPES: readonly (readonly [m: number, k: number, n: number])[] = [
  [1, 1, 1],
  [6, 4, 8],
  [7, 3, 9],
  [12, 16, 16],
  [13, 257, 17],
  [31, 5, 70],
  [64, 784, 128],
  [100, 530, 33],
  [5, 1, 3],
];
const CASES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

let single: WasmBackend;
let threaded: WasmBackend;

beforeAll(async () => {
  single = await createWasmBackend({ mode: 'single' });
  // Threshold 1: every matmul here is split, however small.
  threaded = await createWasmBackend({ mode: 'threads', threads: 2, matmulThreshold: 1 });
  await threaded.threadsReady();
});

afterAll(() => {
  single.close();
  threaded.close();
});

describe('matmul against a float64 reference', () => {
  for (const [m, k, n] of SHAPES) {
    for (const [ta, tb] of CASES) {
      const label = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
      it(`${label} ${m}×${k} · ${k}×${n}`, () => {
        const [aRows, aCols] = ta ? [k, m] : [m, k];
        const [bRows, bCols] = tb ? [n, k] : [k, n];
        const av = asFloat32(seededValues(m * k, m * 1000 + k));
        const bv = asFloat32(seededValues(k * n, k * 1000 + n));
        const expected = matmul64(dense(aRows, aCols, av), dense(bRows, bCols, bv), ta, tb).data;
        const results = [single, threaded].map((backend) => {
          const a = backend.fromArray(av, aRows, aCols);
          const b = backend.fromArray(bv, bRows, bCols);
          const c = backend.matmul(a, b, ta, tb);
          expect([c.rows, c.cols]).toEqual([m, n]);
          const data = backend.readSync(c);
          for (const h of [a, b, c]) backend.dispose(h);
          return data;
        });
        // Products of float32 values summed in float32: the error grows with the inner size k.
        expectClose(results[0]!, expected, FLOAT32_ACCUMULATED, `${label} m=${m} k=${k} n=${n}`);
        expectClose(results[1]!, results[0]!, EXACT, `${label} on 2 threads against 1 thread (bit for bit)`);
      });
    }
  }

  it('threads really took part', () => {
    expect(threaded.info.threads).toBe(2);
    expect(threaded.threadJobsRun()).toBeGreaterThan(0);
  });

  it('leaves no handle and no storage behind', () => {
    expect(single.liveHandles()).toBe(0);
    expect(threaded.liveHandles()).toBe(0);
    expect(single.bytesInUse()).toBe(0);
    expect(threaded.bytesInUse()).toBe(0);
  });
});
