/**
 * Composite operations (the backend's fused override where it has one, else core's reference on
 * its primitives) against core's reference implementation run on the float64 reference backend.
 */
import { ACTIVATIONS, LOSS_DEFINITIONS, LOSSES, type ActivationSpec, type Loss, type Matrix } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';
import { both, compareHandles, disposeAll, tolFor } from './primitives.js';

const SHAPES: readonly (readonly [number, number])[] = [[1, 1], [1, 7], [7, 1], [5, 3], [17, 10], [64, 33]];

export function specOf(kind: ActivationSpec['kind']): ActivationSpec {
  return { kind, alpha: 0.1 };
}

/** The output activations each loss is used with here: those its definition in core names (every activation for MSE). */
export function lossActivations(loss: Loss): readonly ActivationSpec['kind'][] {
  const allowed = LOSS_DEFINITIONS[loss].outputActivations;
  return allowed === 'any' ? ACTIVATIONS : allowed;
}

/** Seeded targets of the kind the loss's definition says (real values, 0/1 labels, one-hot rows). */
export function targets(loss: Loss, rows: number, cols: number, seed: number): Float64Array {
  const kind = LOSS_DEFINITIONS[loss].targets;
  switch (kind) {
    case 'real':
      return randomValues(rows * cols, seed, -1, 1);
    case 'binary':
      return randomValues(rows * cols, seed, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    case 'oneHot': {
      const y = new Float64Array(rows * cols);
      const r = randomValues(rows, seed, 0, cols);
      for (let i = 0; i < rows; i++) y[i * cols + Math.floor(r[i]!)] = 1;
      return y;
    }
  }
}

/** A composite's result against core's reference run on the float64 backend, for one case. */
export function compositeCases(ctx: SuiteContext): void {
  // One case per composite, named after it, so that a wrong override fails a test that names it.
  for (const op of ['activation', 'activationBackward'] as const) {
    const name = `composites: ${op} for every activation`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const kind of ACTIVATIONS) {
        const spec = specOf(kind);
        for (const [rows, cols] of SHAPES) {
          const z = both(ctx, randomValues(rows * cols, rows + cols * 5, -3, 3), rows, cols);
          const ar = ctx.reference.referenceOf('activation')(spec, z.r);
          if (op === 'activation') {
            const at = ctx.ops.activation(spec, z.t);
            await compareHandles(ctx, name, at, ar, `activation ${kind} [${rows},${cols}]`, tolFor(ctx, 'exp'));
            disposeAll(ctx.ops, at);
          } else {
            // Feed both sides the same A (the reference's, at the precision under test) so that only the backward differs.
            const dA = both(ctx, randomValues(rows * cols, rows * 3 + cols, -1, 1), rows, cols);
            const a = both(ctx, Float64Array.from(await ctx.reference.read(ar)), rows, cols);
            const gt = ctx.ops.activationBackward(spec, dA.t, z.t, a.t);
            const gr = ctx.reference.referenceOf('activationBackward')(spec, dA.r, z.r, a.r);
            await compareHandles(ctx, name, gt, gr, `activationBackward ${kind} [${rows},${cols}]`, tolFor(ctx, 'exp'));
            disposeAll(ctx.ops, dA.t, a.t, gt);
            disposeAll(ctx.reference, dA.r, a.r, gr);
          }
          disposeAll(ctx.ops, z.t);
          disposeAll(ctx.reference, z.r, ar);
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }

  const denseCase = 'composites: denseForward for every activation';
  ctx.check(denseCase, async () => {
    const before = ctx.ops.liveHandles();
    for (const kind of ACTIVATIONS) {
      const spec = specOf(kind);
      for (const [rows, inputs, units] of [[1, 1, 1], [1, 7, 3], [5, 3, 1], [17, 33, 10], [64, 65, 17]] as const) {
        const x = both(ctx, randomValues(rows * inputs, rows + inputs), rows, inputs);
        const w = both(ctx, randomValues(inputs * units, inputs * 3 + units), inputs, units);
        const b = both(ctx, randomValues(units, units + 99), 1, units);
        const t = ctx.ops.denseForward(x.t, w.t, b.t, spec);
        const r = ctx.reference.referenceOf('denseForward')(x.r, w.r, b.r, spec);
        await compareHandles(ctx, denseCase, t.z, r.z, `denseForward ${kind} Z [${rows}×${inputs}]·[${inputs}×${units}]`);
        await compareHandles(ctx, denseCase, t.a, r.a, `denseForward ${kind} A`, tolFor(ctx, 'exp'));
        const distinct = (m: { z: Matrix; a: Matrix }): Matrix[] => (m.a === m.z ? [m.z] : [m.z, m.a]);
        disposeAll(ctx.ops, x.t, w.t, b.t, ...distinct(t));
        disposeAll(ctx.reference, x.r, w.r, b.r, ...distinct(r));
      }
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  for (const op of ['outputError', 'lossValue'] as const) {
    const name = `composites: ${op} for every loss`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const loss of LOSSES) {
        for (const kind of lossActivations(loss)) {
          const spec = specOf(kind);
          for (const [rows, cols] of [[1, 1], [1, 5], [7, 1], [9, 10], [64, 10]] as const) {
            if (cols < LOSS_DEFINITIONS[loss].minOutputs) continue;
            const z = both(ctx, randomValues(rows * cols, rows * 17 + cols, -3, 3), rows, cols);
            const aRef = ctx.reference.referenceOf('activation')(spec, z.r);
            const a = both(ctx, Float64Array.from(await ctx.reference.read(aRef)), rows, cols);
            const y = both(ctx, targets(loss, rows, cols, rows + cols), rows, cols);
            const label = `${loss} with ${kind} [${rows},${cols}]`;
            if (op === 'outputError') {
              const t = ctx.ops.outputError(loss, spec, z.t, a.t, y.t);
              const r = ctx.reference.referenceOf('outputError')(loss, spec, z.r, a.r, y.r);
              await compareHandles(ctx, name, t.loss, r.loss, `outputError loss, ${label}`, tolFor(ctx, 'exp'));
              await compareHandles(ctx, name, t.error, r.error, `outputError error, ${label}`, tolFor(ctx, 'exp'));
              disposeAll(ctx.ops, t.loss, t.error);
              disposeAll(ctx.reference, r.loss, r.error);
            } else {
              const lt = ctx.ops.lossValue(loss, spec, z.t, a.t, y.t);
              const lr = ctx.reference.referenceOf('lossValue')(loss, spec, z.r, a.r, y.r);
              await compareHandles(ctx, name, lt, lr, `lossValue, ${label}`, tolFor(ctx, 'exp'));
              disposeAll(ctx.ops, lt);
              disposeAll(ctx.reference, lr);
            }
            disposeAll(ctx.ops, z.t, a.t, y.t);
            disposeAll(ctx.reference, z.r, aRef, a.r, y.r);
          }
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  }

  /** Runs `body` for each shape with fresh weights, gradient and optimizer state on both sides. */
  const updateCase = (op: 'sgdUpdate' | 'momentumUpdate' | 'adamUpdate', body: (name: string, s: UpdateInputs, rows: number, cols: number) => Promise<void>): void => {
    const name = `composites: ${op}`;
    ctx.check(name, async () => {
      const before = ctx.ops.liveHandles();
      for (const [rows, cols] of SHAPES) {
        const inputs: UpdateInputs = {
          w: both(ctx, randomValues(rows * cols, rows + cols), rows, cols),
          g: both(ctx, randomValues(rows * cols, rows * 5 + cols), rows, cols),
          v: both(ctx, randomValues(rows * cols, rows * 7 + cols), rows, cols),
          m: both(ctx, randomValues(rows * cols, rows * 9 + cols, 0, 0.5), rows, cols),
          s: both(ctx, randomValues(rows * cols, rows * 11 + cols, 0, 0.2), rows, cols),
        };
        await body(name, inputs, rows, cols);
        for (const x of [inputs.w, inputs.g, inputs.v, inputs.m, inputs.s]) {
          disposeAll(ctx.ops, x.t);
          disposeAll(ctx.reference, x.r);
        }
      }
      expect(ctx.ops.liveHandles()).toBe(before);
    });
  };

  updateCase('sgdUpdate', async (name, { w, g }, rows, cols) => {
    const t = ctx.ops.sgdUpdate(w.t, g.t, 0.05);
    const r = ctx.reference.referenceOf('sgdUpdate')(w.r, g.r, 0.05);
    await compareHandles(ctx, name, t, r, `sgdUpdate [${rows},${cols}]`);
    disposeAll(ctx.ops, t);
    disposeAll(ctx.reference, r);
  });

  updateCase('momentumUpdate', async (name, { w, v, g }, rows, cols) => {
    const t = ctx.ops.momentumUpdate(w.t, v.t, g.t, 0.05, 0.9);
    const r = ctx.reference.referenceOf('momentumUpdate')(w.r, v.r, g.r, 0.05, 0.9);
    await compareHandles(ctx, name, t.w, r.w, `momentumUpdate w [${rows},${cols}]`);
    await compareHandles(ctx, name, t.v, r.v, `momentumUpdate v [${rows},${cols}]`);
    disposeAll(ctx.ops, t.w, t.v);
    disposeAll(ctx.reference, r.w, r.v);
  });

  updateCase('adamUpdate', async (name, { w, m, s, g }, rows, cols) => {
    for (const step of [1, 7]) {
      const hyper = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step };
      const t = ctx.ops.adamUpdate(w.t, m.t, s.t, g.t, hyper);
      const r = ctx.reference.referenceOf('adamUpdate')(w.r, m.r, s.r, g.r, hyper);
      await compareHandles(ctx, name, t.w, r.w, `adamUpdate w step ${step} [${rows},${cols}]`, tolFor(ctx, 'sqrt'));
      await compareHandles(ctx, name, t.m, r.m, `adamUpdate m step ${step}`);
      await compareHandles(ctx, name, t.v, r.v, `adamUpdate v step ${step}`);
      disposeAll(ctx.ops, t.w, t.m, t.v);
      disposeAll(ctx.reference, r.w, r.m, r.v);
    }
  });
}

interface UpdateInputs {
  readonly w: Both;
  readonly g: Both;
  readonly v: Both;
  readonly m: Both;
  readonly s: Both;
}
type Both = ReturnType<typeof both>;
