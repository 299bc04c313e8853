/**
 * Every primitive against the float64 reference, on random and edge shapes: 1×1, 1×n, n×1 and
 * sizes that are not multiples of 4, 8 or 16.
 */
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS, type Matrix, type Ops, type UnaryOp } from '@backprop/core';
import { expect } from 'vitest';
import { asPrecision, randomValues, type SuiteContext } from '../context.js';
import { TRANSCENDENTAL_SLACK } from '../tolerances.js';

export const SHAPES: readonly (readonly [number, number])[] = [[1, 1], [1, 7], [7, 1], [3, 5], [17, 33], [65, 3], [16, 16]];
/** (m, k, n) for matmul: [m,k]·[k,n]. */
export const MATMUL_SIZES: readonly (readonly [number, number, number])[] = [[1, 1, 1], [1, 7, 1], [7, 1, 5], [3, 5, 17], [17, 33, 9], [65, 3, 31], [33, 65, 17], [64, 64, 64]];

const TRANSCENDENTAL = new Set<string>(['exp', 'log', 'sigmoid', 'tanh', 'sqrt', 'reciprocal', 'div']);

/** Inputs inside each op's domain (log and sqrt of positives, reciprocal away from 0). */
export function unaryInput(op: UnaryOp, n: number, seed: number): Float64Array {
  if (op === 'log' || op === 'sqrt') return randomValues(n, seed, 0.05, 4);
  if (op === 'reciprocal') return randomValues(n, seed, 0.5, 2).map((v, i) => (i % 2 ? -v : v));
  const v = randomValues(n, seed, -3, 3);
  if (n > 2) v[1] = 0; // the kink of relu and step
  return v;
}

export function tolFor(ctx: SuiteContext, op: string): { abs: number; rel: number } {
  const t = ctx.tol;
  const k = ctx.backend.info.precision === 'float32' && TRANSCENDENTAL.has(op) ? TRANSCENDENTAL_SLACK : 1;
  return { abs: t.abs * k, rel: t.rel * k };
}

/** Uploads the same values to the backend under test and to the reference. */
export function both(ctx: SuiteContext, values: Float64Array, rows: number, cols: number): { t: Matrix; r: Matrix; values: Float64Array } {
  const v = asPrecision(values, ctx.backend.info.precision);
  return { t: ctx.ops.fromArray(v, rows, cols), r: ctx.reference.fromArray(v, rows, cols), values: v };
}

export async function compareHandles(ctx: SuiteContext, caseName: string, t: Matrix, r: Matrix, label: string, tol?: { abs: number; rel: number }): Promise<void> {
  expect([t.rows, t.cols], `${label}: shape`).toEqual([r.rows, r.cols]);
  ctx.expectClose(caseName, await ctx.read(t), await ctx.reference.read(r), label, tol);
}

export function disposeAll(ops: Ops, ...ms: Matrix[]): void {
  for (const m of ms) ops.dispose(m);
}

export function primitiveCases(ctx: SuiteContext): void {
  ctx.check('primitives: fromArray/read round-trip and fill', async () => {
    const before = ctx.ops.liveHandles();
    for (const [rows, cols] of SHAPES) {
      const values = asPrecision(randomValues(rows * cols, rows * 31 + cols), ctx.backend.info.precision);
      const m = ctx.ops.fromArray(values, rows, cols);
      expect([m.rows, m.cols]).toEqual([rows, cols]);
      const back = await ctx.ops.read(m);
      expect(back.length).toBe(rows * cols);
      // Values already at the backend's precision must come back exactly.
      expect(Array.from(back)).toEqual(Array.from(values));
      const f = ctx.ops.fill(rows, cols, -2.5);
      expect(Array.from(await ctx.ops.read(f))).toEqual(new Array<number>(rows * cols).fill(-2.5));
      disposeAll(ctx.ops, m, f);
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  const matmulCase = 'primitives: matmul, all transpose variants';
  ctx.check(matmulCase, async () => {
    const name = matmulCase;
    const before = ctx.ops.liveHandles();
    let seed = 100;
    for (const [m, k, n] of MATMUL_SIZES) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = both(ctx, randomValues(m * k, seed++), ta ? k : m, ta ? m : k);
        const b = both(ctx, randomValues(k * n, seed++), tb ? n : k, tb ? k : n);
        const t = ctx.ops.matmul(a.t, b.t, ta, tb);
        const r = ctx.reference.matmul(a.r, b.r, ta, tb);
        await compareHandles(ctx, name, t, r, `matmul ${m}×${k}×${n} transposeA=${ta} transposeB=${tb}`);
        disposeAll(ctx.ops, a.t, b.t, t);
        disposeAll(ctx.reference, a.r, b.r, r);
      }
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  // One case per op, so that a failure names the op that is wrong.
  for (const op of UNARY_OPS) {
    const name = `primitives: unary(${op})`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const [rows, cols] of SHAPES) {
        const a = both(ctx, unaryInput(op, rows * cols, rows + cols), rows, cols);
        const t = ctx.ops.unary(op, a.t);
        const r = ctx.reference.unary(op, a.r);
        await compareHandles(ctx, name, t, r, `unary ${op} on [${rows},${cols}]`, tolFor(ctx, op));
        disposeAll(ctx.ops, a.t, t);
        disposeAll(ctx.reference, a.r, r);
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }

  for (const op of BINARY_OPS) {
    const name = `primitives: binary(${op}) with every broadcast`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const [rows, cols] of SHAPES) {
        for (const [br, bc] of [[rows, cols], [1, cols], [rows, 1], [1, 1]] as const) {
          const a = both(ctx, randomValues(rows * cols, rows * 7 + cols, -2, 2), rows, cols);
          const bValues = op === 'div' ? randomValues(br * bc, br + bc, 0.5, 2) : randomValues(br * bc, br * 3 + bc + 1, -2, 2);
          const b = both(ctx, bValues, br, bc);
          const t = ctx.ops.binary(op, a.t, b.t);
          const r = ctx.reference.binary(op, a.r, b.r);
          await compareHandles(ctx, name, t, r, `binary ${op} [${rows},${cols}] with [${br},${bc}]`, tolFor(ctx, op));
          disposeAll(ctx.ops, a.t, b.t, t);
          disposeAll(ctx.reference, a.r, b.r, r);
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }

  for (const op of BINARY_OPS) {
    const name = `primitives: binaryScalar(${op})`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const [rows, cols] of SHAPES) {
        for (const s of [0.75, -1.5, 0.1]) {
          const a = both(ctx, randomValues(rows * cols, rows * 11 + cols, -2, 2), rows, cols);
          const t = ctx.ops.binaryScalar(op, a.t, s);
          const r = ctx.reference.binaryScalar(op, a.r, s);
          await compareHandles(ctx, name, t, r, `binaryScalar ${op} [${rows},${cols}] with ${s}`, tolFor(ctx, op));
          disposeAll(ctx.ops, a.t, t);
          disposeAll(ctx.reference, a.r, r);
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }

  for (const op of REDUCE_OPS) {
    const name = `primitives: reduce(${op}) over each axis`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const axis of [0, 1] as const) {
        for (const [rows, cols] of [...SHAPES, [129, 3], [3, 257]] as const) {
          const a = both(ctx, randomValues(rows * cols, rows * 13 + cols, -3, 3), rows, cols);
          const t = ctx.ops.reduce(op, a.t, axis);
          const r = ctx.reference.reduce(op, a.r, axis);
          await compareHandles(ctx, name, t, r, `reduce ${op} axis ${axis} of [${rows},${cols}]`);
          disposeAll(ctx.ops, a.t, t);
          disposeAll(ctx.reference, a.r, r);
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }
}
