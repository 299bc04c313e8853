import { BINARY_OPS, UNARY_OPS, type UnaryOp } from '@backprop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createJsBackend } from '../js-backend.js';
import { asFloat32, BINARY_F64, expectClose, seededValues, TOLERANCES, UNARY_F64 } from '@backprop/test-kit';

// The meaning of each op, in float64: the test kit's tables.
const UNARY = UNARY_F64;
const BINARY = BINARY_F64;
/** Ops that need positive input (log, sqrt) get |x| + 0.1; the rest get values in [−3, 3], zeros included. */
const POSITIVE_ONLY = new Set<UnaryOp>(['log', 'sqrt', 'reciprocal']);
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [7, 1],
  [3, 17],
  [33, 5],
  [65, 3],
];

describe.each(['float64', 'float32'] as const)('elementwise and reductions, %s', (precision) => {
  const backend = createJsBackend({ precision, threads: 1 });
  afterAll(() => backend.close());
  const round = (v: number[]): number[] => (precision === 'float32' ? Array.from(asFloat32(v)) : v);
  const tolerance = TOLERANCES[precision];

  function input(rows: number, cols: number, seed: number, positive = false): number[] {
    const v = Array.from(seededValues(rows * cols, seed, -3, 3), (x, i) => (i % 5 === 0 ? 0 : x));
    return round(positive ? v.map((x) => Math.abs(x) + 0.1) : v);
  }

  for (const op of UNARY_OPS) {
    it(`unary ${op} on every edge shape`, () => {
      for (const [rows, cols] of SHAPES) {
        const values = input(rows, cols, rows * 31 + cols, POSITIVE_ONLY.has(op));
        const m = backend.fromArray(values, rows, cols);
        const out = backend.unary(op, m);
        expect([out.rows, out.cols]).toEqual([rows, cols]);
        expectClose(backend.readSync(out), values.map(UNARY[op]), tolerance, `${op} ${rows}×${cols}`);
        backend.dispose(m);
        backend.dispose(out);
      }
    });
  }

  it('sigmoid stays finite and exact in the tails', () => {
    const m = backend.fromArray([-800, -40, 0, 40, 800], 1, 5);
    const out = backend.readSync(backend.unary('sigmoid', m));
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[0]).toBe(0);
    expect(out[2]).toBe(0.5);
    expect(out[4]).toBe(1);
    expectClose([out[1]!], [Math.exp(-40) / (1 + Math.exp(-40))], tolerance, 'sigmoid(−40)');
  });

  for (const op of BINARY_OPS) {
    it(`binary ${op} with b of a's shape, a row, a column and a scalar`, () => {
      for (const [rows, cols] of SHAPES) {
        const aValues = input(rows, cols, rows + cols);
        const a = backend.fromArray(aValues, rows, cols);
        const divisorSafe = (v: number[]): number[] => (op === 'div' ? v.map((x) => (x === 0 ? 0.5 : x)) : v);
        for (const [bRows, bCols] of [
          [rows, cols],
          [1, cols],
          [rows, 1],
          [1, 1],
        ] as const) {
          const bValues = divisorSafe(input(bRows, bCols, 1000 + bRows * 7 + bCols));
          const b = backend.fromArray(bValues, bRows, bCols);
          const expected = aValues.map((x, i) => {
            const r = Math.floor(i / cols);
            const c = i % cols;
            return BINARY[op](x, bValues[(bRows === 1 ? 0 : r) * bCols + (bCols === 1 ? 0 : c)]!);
          });
          const out = backend.binary(op, a, b);
          expectClose(backend.readSync(out), expected, tolerance, `${op} ${rows}×${cols} with b ${bRows}×${bCols}`);
          backend.dispose(b);
          backend.dispose(out);
        }
        const s = op === 'div' ? 0.75 : -0.5;
        const scalarOut = backend.binaryScalar(op, a, s);
        expectClose(backend.readSync(scalarOut), aValues.map((x) => BINARY[op](x, s)), tolerance, `${op} scalar`);
        backend.dispose(scalarOut);
        backend.dispose(a);
      }
    });
  }

  it('greater, max and min on ties and hand-picked values', () => {
    const a = backend.fromArray([1, 2, 3, -1], 2, 2);
    const b = backend.fromArray([2, 2], 1, 2);
    expect(Array.from(backend.readSync(backend.binary('greater', a, b)))).toEqual([0, 0, 1, 0]);
    expect(Array.from(backend.readSync(backend.binary('max', a, b)))).toEqual([2, 2, 3, 2]);
    expect(Array.from(backend.readSync(backend.binaryScalar('min', a, 1.5)))).toEqual([1, 1.5, 1.5, -1]);
  });

  for (const op of ['sum', 'max'] as const) {
    it(`reduce ${op} along both axes on every edge shape`, () => {
      for (const [rows, cols] of SHAPES) {
        const values = input(rows, cols, rows * cols + 9);
        const m = backend.fromArray(values, rows, cols);
        const combine = op === 'sum' ? (x: number, y: number) => x + y : Math.max;
        const overRows = Array.from({ length: cols }, (_, c) => {
          let v = values[c]!;
          for (let r = 1; r < rows; r++) v = combine(v, values[r * cols + c]!);
          return v;
        });
        const overCols = Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols).reduce((x, y) => combine(x, y)));
        const r0 = backend.reduce(op, m, 0);
        const r1 = backend.reduce(op, m, 1);
        expect([r0.rows, r0.cols, r1.rows, r1.cols]).toEqual([1, cols, rows, 1]);
        expectClose(backend.readSync(r0), overRows, tolerance, `${op} axis 0 ${rows}×${cols}`);
        expectClose(backend.readSync(r1), overCols, tolerance, `${op} axis 1 ${rows}×${cols}`);
        for (const h of [m, r0, r1]) backend.dispose(h);
      }
    });
  }

  it('reduce sums a hand-checked matrix', () => {
    const m = backend.fromArray([1, 2, 3, 4, 5, 6], 2, 3);
    expect(Array.from(backend.readSync(backend.reduce('sum', m, 0)))).toEqual([5, 7, 9]);
    expect(Array.from(backend.readSync(backend.reduce('sum', m, 1)))).toEqual([6, 15]);
    expect(Array.from(backend.readSync(backend.reduce('max', m, 1)))).toEqual([3, 6]);
  });
});
