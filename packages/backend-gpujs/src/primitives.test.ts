import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix, UnaryOp } from '@backprop/core';
import { BINARY_OPS, UNARY_OPS } from '@backprop/core';
import { createGpujsBackend } from './index.js';
import { BINARY_F64, broadcastAt, expectClose, map64, matmul64, scaled, seededMatrix, TOLERANCES, TRANSCENDENTAL_SLACK, UNARY_F64, type Dense } from '@backprop/test-kit';
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

// What each op means, in float64: the test kit's tables.
const UNARY_64 = UNARY_F64;
const BINARY_64 = BINARY_F64;
/** float32 against float64, the suite's preset. */
const F32 = TOLERANCES.float32;

/** exp, log, tanh and sigmoid on a GPU are accurate to a few ulps, not to the last one. */
const TRANSCENDENTAL = new Set<UnaryOp>(['exp', 'log', 'sqrt', 'sigmoid', 'tanh']);

const EDGE_SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [7, 1],
  [5, 13],
  [64, 33],
];

describe.each(MODES_UNDER_TEST)('gpujs primitives in %s mode', (mode) => {
  const backend = createGpujsBackend({ mode });
  afterAll(() => backend.close());
  const upload = (d: Dense): Matrix => backend.fromArray(d.data, d.rows, d.cols);
  const readAndFree = (m: Matrix): Float32Array => {
    const out = backend.readSync(m);
    backend.dispose(m);
    return out;
  };

  it(`really runs in ${mode}`, () => {
    expect(backend.info).toMatchObject({ name: 'gpujs', engine: mode, precision: 'float32' });
  });

  it.each(EDGE_SHAPES)('fromArray then read gives the float32 values back, %i×%i', async (rows, cols) => {
    const d = seededMatrix(rows, cols, rows * 31 + cols);
    const m = upload(d);
    expect(m).toMatchObject({ rows, cols });
    expect(Array.from(await backend.read(m))).toEqual(Array.from(d.data, Math.fround));
    backend.dispose(m);
  });

  it('fill makes a constant matrix', () => {
    expect(Array.from(readAndFree(backend.fill(3, 2, -1.5)))).toEqual([-1.5, -1.5, -1.5, -1.5, -1.5, -1.5]);
  });

  const matmulCases: [number, number, number, boolean, boolean][] = [
    [1, 1, 1, false, false],
    [1, 9, 1, false, false],
    [7, 1, 5, false, false],
    [3, 17, 1, true, false],
    [13, 8, 11, false, true],
    [6, 31, 9, true, true],
    [64, 100, 32, true, false],
  ];
  it.each(matmulCases)('matmul [%i×%i]·[·×%i], transposeA=%s transposeB=%s, against float64', (m, k, n, ta, tb) => {
    const a = ta ? seededMatrix(k, m, 1) : seededMatrix(m, k, 1);
    const b = tb ? seededMatrix(n, k, 2) : seededMatrix(k, n, 2);
    const ha = upload(a);
    const hb = upload(b);
    const out = backend.matmul(ha, hb, ta, tb);
    expect(out).toMatchObject({ rows: m, cols: n });
    expectClose(readAndFree(out), matmul64(a, b, ta, tb), F32, 'matmul');
    backend.dispose(ha);
    backend.dispose(hb);
  });

  it.each(UNARY_OPS.map((op) => [op]))('unary %s on odd shapes, against float64', (op) => {
    for (const [rows, cols] of EDGE_SHAPES) {
      // log, sqrt and reciprocal on positive inputs away from 0; the others across 0.
      const positive = op === 'log' || op === 'sqrt' || op === 'reciprocal';
      const d = seededMatrix(rows, cols, 7, positive ? 0.1 : -6, positive ? 5 : 6);
      const h = upload(d);
      expectClose(readAndFree(backend.unary(op, h)), map64(d, UNARY_64[op]), TRANSCENDENTAL.has(op) ? scaled(F32, TRANSCENDENTAL_SLACK) : F32, `${op} ${rows}×${cols}`);
      backend.dispose(h);
    }
  });

  it('sigmoid and tanh saturate without overflow at ±100', () => {
    const h = backend.fromArray([-100, 100, 0], 1, 3);
    expectClose(readAndFree(backend.unary('sigmoid', h)), [0, 1, 0.5], F32, 'sigmoid at ±100');
    expectClose(readAndFree(backend.unary('tanh', h)), [-1, 1, 0], F32, 'tanh at ±100');
    backend.dispose(h);
  });

  it.each(BINARY_OPS.map((op) => [op]))('binary %s with b the same shape, a row, a column and a scalar', (op) => {
    const a = seededMatrix(5, 4, 3, 0.5, 2);
    const ha = upload(a);
    for (const [rows, cols] of [[5, 4], [1, 4], [5, 1], [1, 1]] as const) {
      const b = seededMatrix(rows, cols, 4 + rows, 0.5, 2);
      const hb = upload(b);
      const want = map64(a, (v, r, c) => BINARY_64[op](v, broadcastAt(b, r, c)));
      expectClose(readAndFree(backend.binary(op, ha, hb)), want, F32, `${op} with b ${rows}×${cols}`);
      backend.dispose(hb);
    }
    expectClose(readAndFree(backend.binaryScalar(op, ha, 1.25)), map64(a, (v) => BINARY_64[op](v, 1.25)), F32, `${op} scalar`);
    backend.dispose(ha);
  });

  it('binary on a 1×n row with a 1×n b treats b as the same shape', () => {
    const ha = backend.fromArray([1, 2, 3], 1, 3);
    const hb = backend.fromArray([10, 20, 30], 1, 3);
    expect(Array.from(readAndFree(backend.binary('add', ha, hb)))).toEqual([11, 22, 33]);
    backend.dispose(ha);
    backend.dispose(hb);
  });

  it.each(EDGE_SHAPES)('reduce sum and max over each axis of %i×%i', (rows, cols) => {
    const d = seededMatrix(rows, cols, 11, -3, 3);
    const h = upload(d);
    const cell = (r: number, c: number): number => d.data[r * cols + c]!;
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    const sum0 = range(cols).map((c) => range(rows).reduce((s, r) => s + cell(r, c), 0));
    const max0 = range(cols).map((c) => Math.max(...range(rows).map((r) => cell(r, c))));
    const sum1 = range(rows).map((r) => range(cols).reduce((s, c) => s + cell(r, c), 0));
    const max1 = range(rows).map((r) => Math.max(...range(cols).map((c) => cell(r, c))));
    const s0 = backend.reduce('sum', h, 0);
    expect(s0).toMatchObject({ rows: 1, cols });
    expectClose(readAndFree(s0), sum0, F32, 'sum axis 0');
    expectClose(readAndFree(backend.reduce('max', h, 0)), max0, F32, 'max axis 0');
    const s1 = backend.reduce('sum', h, 1);
    expect(s1).toMatchObject({ rows, cols: 1 });
    expectClose(readAndFree(s1), sum1, F32, 'sum axis 1');
    expectClose(readAndFree(backend.reduce('max', h, 1)), max1, F32, 'max axis 1');
    backend.dispose(h);
  });

  it('operations return new handles and never change their inputs', () => {
    const a = backend.fromArray([1, 2, 3, 4], 2, 2);
    const first = backend.binaryScalar('mul', a, 2);
    const second = backend.binaryScalar('mul', a, 3);
    // The second run of the same kernel must not overwrite the first one's output.
    expect(Array.from(backend.readSync(first))).toEqual([2, 4, 6, 8]);
    expect(Array.from(backend.readSync(second))).toEqual([3, 6, 9, 12]);
    expect(Array.from(backend.readSync(a))).toEqual([1, 2, 3, 4]);
    for (const m of [a, first, second]) backend.dispose(m);
  });

  it('counts live handles, and a disposed handle is refused by name', () => {
    const before = backend.liveHandles();
    const a = backend.fill(2, 2, 1);
    const b = backend.unary('exp', a);
    expect(backend.liveHandles()).toBe(before + 2);
    backend.dispose(a);
    // The one handle rule (issue 8): a second dispose is refused and changes no count.
    expect(() => backend.dispose(a)).toThrow('dispose: argument [2,2] was already disposed; a handle cannot be used after dispose');
    expect(backend.liveHandles()).toBe(before + 1);
    expect(() => backend.unary('neg', a)).toThrow('unary(neg): argument 1 [2,2] was already disposed');
    expect(() => backend.readSync(a)).toThrow('read: argument [2,2] was already disposed');
    backend.dispose(b);
    expect(backend.liveHandles()).toBe(before);
  });

  it('refuses a handle from elsewhere', () => {
    expect(() => backend.unary('neg', { rows: 1, cols: 1 })).toThrow('unary(neg): argument 1 [1,1] is not a live handle of this backend instance');
  });
});
