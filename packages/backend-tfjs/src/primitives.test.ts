import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS, type Matrix, type UnaryOp } from '@backprop/core';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';
import { TEST_ENGINES } from './test-support/engines.js';
import { binary64, dense, expectClose, FLOAT32_ACCUMULATED, matmul64, reduce64, seededValues, TOLERANCES, unary64, type Dense } from '@backprop/test-kit';

/** The float64 loops the results are checked against (the test kit's). */
const ref = { dense, matmul: matmul64, unary: unary64, binary: binary64, reduce: reduce64 };
/** One float32 rounding of an elementwise op, the suite's preset. */
const FLOAT32_ELEMENTWISE = TOLERANCES.float32;

/** Edge shapes: 1×1, a row, a column, and sizes that are not multiples of 4, 8 or 16. */
const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 9],
  [9, 1],
  [7, 13],
  [17, 5],
  [33, 3],
];

/** Inner sizes for matmul, odd and one long enough to accumulate rounding. */
const MATMUL_CASES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, 7, 1],
  [5, 1, 3],
  [9, 13, 1],
  [17, 33, 7],
  [64, 300, 19],
];

/** Inputs each unary op is defined on (log, sqrt and reciprocal need positive numbers). */
function domain(op: UnaryOp): [number, number] {
  return op === 'log' || op === 'sqrt' || op === 'reciprocal' ? [0.05, 3] : [-3, 3];
}

describe.each(TEST_ENGINES)('tfjs primitives on the %s engine, against float64 loops', (engine) => {
  let backend: TfjsBackend;
  let seed = 42;

  beforeAll(async () => {
    backend = await createTfjsBackend({ engine });
  });

  function upload(m: Dense): Matrix {
    return backend.fromArray(m.data, m.rows, m.cols);
  }

  function randomDense(rows: number, cols: number, lo = -2, hi = 2): Dense {
    return ref.dense(rows, cols, seededValues(rows * cols, seed++, lo, hi));
  }

  /** Reads a result, checks its shape, and frees it. */
  function take(m: Matrix, rows: number, cols: number): Float32Array {
    expect([m.rows, m.cols]).toEqual([rows, cols]);
    const data = backend.readSync!(m);
    backend.dispose(m);
    return data;
  }

  it('round-trips data through fromArray and read, and runs on the engine asked for', async () => {
    const m = backend.fromArray([1.5, -2, 3.25, 0, 1e-7, -1e7], 2, 3);
    expect(tf.getBackend()).toBe(engine);
    expect(Array.from(await backend.read(m))).toEqual([1.5, -2, 3.25, 0, Math.fround(1e-7), -1e7]);
    backend.dispose(m);
  });

  it('copies on the way in and out, so neither side can change the other', () => {
    const source = new Float32Array([1, 2, 3]);
    const m = backend.fromArray(source, 1, 3);
    source[0] = 99;
    const out = backend.readSync!(m);
    out[1] = 77;
    expect(Array.from(backend.readSync!(m))).toEqual([1, 2, 3]);
    backend.dispose(m);
  });

  it('fills', () => {
    expect(Array.from(take(backend.fill(3, 2, -0.5), 3, 2))).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
  });

  for (const [m, k, n] of MATMUL_CASES) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`matmul [${m},${k}]·[${k},${n}] transposeA=${ta} transposeB=${tb}`, () => {
        const a = randomDense(ta ? k : m, ta ? m : k);
        const b = randomDense(tb ? n : k, tb ? k : n);
        const [ha, hb] = [upload(a), upload(b)];
        const expected = ref.matmul(a, b, ta, tb);
        expectClose(take(backend.matmul(ha, hb, ta, tb), m, n), expected.data, FLOAT32_ACCUMULATED, 'matmul');
        // The inputs are unchanged (the explicit-transpose path must not disturb them).
        expectClose(take(ha, a.rows, a.cols), a.data, FLOAT32_ELEMENTWISE, 'matmul input a');
        expectClose(take(hb, b.rows, b.cols), b.data, FLOAT32_ELEMENTWISE, 'matmul input b');
      });
    }
  }

  for (const op of UNARY_OPS) {
    it(`unary ${op} on every edge shape`, () => {
      for (const [rows, cols] of SHAPES) {
        const a = randomDense(rows, cols, ...domain(op));
        if (op === 'step' || op === 'relu') a.data[0] = 0; // the kink: step(0) = 0, relu(0) = 0
        const h = upload(a);
        expectClose(take(backend.unary(op, h), rows, cols), ref.unary(op, a).data, FLOAT32_ELEMENTWISE, `${op} [${rows},${cols}]`);
        backend.dispose(h);
      }
    });
  }

  for (const op of BINARY_OPS) {
    it(`binary ${op} with b the same shape, a row, a column and a scalar`, () => {
      for (const [rows, cols] of SHAPES) {
        const a = randomDense(rows, cols);
        const ha = upload(a);
        for (const [br, bc] of [[rows, cols], [1, cols], [rows, 1], [1, 1]] as const) {
          // Divisors kept away from zero; equal values exercise greater's strictness.
          const b = op === 'div' ? randomDense(br, bc, 0.5, 2) : randomDense(br, bc);
          if (op === 'greater') b.data[0] = a.data[0]!;
          const hb = upload(b);
          const what = `${op} [${rows},${cols}] with [${br},${bc}]`;
          expectClose(take(backend.binary(op, ha, hb), rows, cols), ref.binary(op, a, b).data, FLOAT32_ELEMENTWISE, what);
          backend.dispose(hb);
        }
        backend.dispose(ha);
      }
    });

    it(`binaryScalar ${op}`, () => {
      const a = randomDense(7, 13);
      const s = op === 'greater' ? a.data[3]! : 0.37;
      const ha = upload(a);
      const expected = ref.binary(op, a, ref.dense(1, 1, [s]));
      expectClose(take(backend.binaryScalar(op, ha, s), 7, 13), expected.data, FLOAT32_ELEMENTWISE, `${op} scalar`);
      backend.dispose(ha);
    });
  }

  for (const op of REDUCE_OPS) {
    for (const axis of [0, 1] as const) {
      it(`reduce ${op} over axis ${axis}`, () => {
        for (const [rows, cols] of SHAPES) {
          const a = randomDense(rows, cols);
          const ha = upload(a);
          const expected = ref.reduce(op, a, axis);
          expectClose(take(backend.reduce(op, ha, axis), expected.rows, expected.cols), expected.data, FLOAT32_ACCUMULATED, `${op} axis ${axis} [${rows},${cols}]`);
          backend.dispose(ha);
        }
      });
    }
  }

  it('counts live handles and frees tensors on dispose', () => {
    const handles = backend.liveHandles();
    const tensors = tf.memory().numTensors;
    const a = backend.fill(4, 4, 1);
    const b = backend.binary('greater', a, a);
    expect(backend.liveHandles()).toBe(handles + 2);
    backend.dispose(a);
    backend.dispose(b);
    // The one handle rule (issue 8): a second dispose is refused and changes nothing.
    expect(() => backend.dispose(b)).toThrow('dispose: argument [4,4] was already disposed; a handle cannot be used after dispose');
    expect(backend.liveHandles()).toBe(handles);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses a disposed handle and a handle from another backend, naming the operation', () => {
    const a = backend.fill(2, 3, 1);
    backend.dispose(a);
    expect(() => backend.unary('exp', a)).toThrow('unary(exp): argument [2,3] was already disposed');
    const foreign: Matrix = { rows: 2, cols: 3 };
    expect(() => backend.matmul(foreign, foreign, false, true)).toThrow('matmul: argument [2,3] is not a live handle of this backend instance');
  });
});
