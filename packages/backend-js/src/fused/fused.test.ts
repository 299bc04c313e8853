import { ACTIVATION_DEFINITIONS, ACTIVATIONS, LOSSES, lossAccepts, Ops, referenceOps, type ActivationSpec, type Loss, type Matrix } from '@backprop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createJsBackend } from '../js-backend.js';
import { COMPOSED, expectClose, seededValues } from '@backprop/test-kit';

/**
 * Every composite as this backend runs it (core's programs compiled to JavaScript through
 * `elementwise`, and its own denseForward), for every kind in core's registries, against core's
 * reference composition run on this backend's own
 * primitives (which elementwise.test.ts and matmul.test.ts check against plain float64 loops).
 * The reference rounds every intermediate to storage precision and the fused kernels round
 * once, so float32 needs a looser bound than a single rounding.
 */
const COMPOSITE_TOLERANCE = COMPOSED;
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [7, 1],
  [3, 17],
  [33, 5],
];
// Every kind in core's registry: all are fused here.
const specs: ActivationSpec[] = ACTIVATIONS.map((kind) => ({ kind, alpha: ACTIVATION_DEFINITIONS[kind].usesAlpha ? 0.1 : 0 }));

describe.each(['float64', 'float32'] as const)('fused kernels agree with core reference-ops, %s', (precision) => {
  it('every composite is fused, every kind', () => {
    const ops = new Ops(createJsBackend({ precision, threads: 1 }));
    for (const spec of specs) expect(ops.isFused('activationBackward', { activation: spec.kind }), spec.kind).toBe(true);
    expect(ops.isFused('outputError', { activation: 'elu', loss: 'mse' })).toBe(true);
  });

  const b = createJsBackend({ precision, threads: 1 });
  afterAll(() => b.close());
  const ref = referenceOps(b);
  const f = new Ops(b);
  const tolerance = COMPOSITE_TOLERANCE[precision];
  let seed = 1;
  const random = (rows: number, cols: number, scale = 2): Matrix => b.fromArray(seededValues(rows * cols, seed++, -scale, scale), rows, cols);
  const same = (fused: Matrix, reference: Matrix, label: string): void => {
    expect([fused.rows, fused.cols], label).toEqual([reference.rows, reference.cols]);
    expectClose(b.readSync(fused), b.readSync(reference), tolerance, label);
  };
  /** Runs `body`, then checks that only the handles it returned are left alive. */
  const counted = (body: () => Matrix[]): void => {
    const before = b.liveHandles();
    const made = new Set(body());
    expect(b.liveHandles() - before).toBe(made.size);
    made.forEach((m) => b.dispose(m));
  };

  for (const spec of specs) {
    it(`activation and activationBackward, ${spec.kind}`, () => {
      for (const [rows, cols] of SHAPES) {
        const z = random(rows, cols);
        const dA = random(rows, cols);
        const label = `${spec.kind} ${rows}×${cols}`;
        counted(() => {
          const a = f.activation(spec, z);
          const aRef = ref.activation(spec, z);
          same(a, aRef, `activation ${label}`);
          const dz = f.activationBackward(spec, dA, z, a);
          const dzRef = ref.activationBackward(spec, dA, z, a);
          same(dz, dzRef, `activationBackward ${label}`);
          return [a, aRef, dz, dzRef];
        });
        b.dispose(z);
        b.dispose(dA);
      }
    });

    it(`denseForward, ${spec.kind}`, () => {
      for (const [rows, cols] of SHAPES) {
        const x = random(rows, 9);
        const w = random(9, cols);
        const bias = random(1, cols);
        counted(() => {
          const fused = f.denseForward(x, w, bias, spec);
          const reference = ref.denseForward(x, w, bias, spec);
          same(fused.z, reference.z, `z ${spec.kind} ${rows}×${cols}`);
          same(fused.a, reference.a, `a ${spec.kind} ${rows}×${cols}`);
          if (spec.kind === 'linear') expect(fused.a).toBe(fused.z);
          return [fused.z, fused.a, reference.z, reference.a];
        });
        for (const m of [x, w, bias]) b.dispose(m);
      }
    });
  }

  /** The output activation each loss needs (MSE is tried with every activation). */
  const pairs: [Loss, ActivationSpec][] = LOSSES.flatMap((loss) => specs.filter((s) => lossAccepts(loss, s.kind)).map((s): [Loss, ActivationSpec] => [loss, s]));

  for (const [loss, spec] of pairs) {
    it(`outputError and lossValue, ${loss} with ${spec.kind} output`, () => {
      for (const [rows, cols] of SHAPES) {
        const z = random(rows, cols, 4);
        const a = f.activation(spec, z);
        // Targets in [0, 1], as probabilities or labels would be.
        const y = b.fromArray(seededValues(rows * cols, seed++).map((v) => (v + 1) / 2), rows, cols);
        const label = `${loss}/${spec.kind} ${rows}×${cols}`;
        counted(() => {
          const fused = f.outputError(loss, spec, z, a, y);
          const reference = ref.outputError(loss, spec, z, a, y);
          same(fused.loss, reference.loss, `loss ${label}`);
          same(fused.error, reference.error, `error ${label}`);
          const value = f.lossValue(loss, spec, z, a, y);
          const valueRef = ref.lossValue(loss, spec, z, a, y);
          same(value, valueRef, `lossValue ${label}`);
          return [fused.loss, fused.error, reference.loss, reference.error, value, valueRef];
        });
        for (const m of [z, a, y]) b.dispose(m);
      }
    });
  }

  it('sgdUpdate, momentumUpdate and adamUpdate on every edge shape', () => {
    for (const [rows, cols] of SHAPES) {
      const w = random(rows, cols);
      const g = random(rows, cols);
      const v = random(rows, cols, 0.5);
      // Adam's second moment is never negative.
      const m2 = b.fromArray(seededValues(rows * cols, seed++).map((x) => x * x), rows, cols);
      const label = `${rows}×${cols}`;
      counted(() => {
        const sgd = f.sgdUpdate(w, g, 0.05);
        const sgdRef = ref.sgdUpdate(w, g, 0.05);
        same(sgd, sgdRef, `sgd ${label}`);
        const mom = f.momentumUpdate(w, v, g, 0.05, 0.9);
        const momRef = ref.momentumUpdate(w, v, g, 0.05, 0.9);
        same(mom.w, momRef.w, `momentum w ${label}`);
        same(mom.v, momRef.v, `momentum v ${label}`);
        const results: Matrix[] = [sgd, sgdRef, mom.w, mom.v, momRef.w, momRef.v];
        for (const step of [1, 2, 50]) {
          const hyper = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step };
          const adam = f.adamUpdate(w, v, m2, g, hyper);
          const adamRef = ref.adamUpdate(w, v, m2, g, hyper);
          same(adam.w, adamRef.w, `adam w step ${step} ${label}`);
          same(adam.m, adamRef.m, `adam m step ${step} ${label}`);
          same(adam.v, adamRef.v, `adam v step ${step} ${label}`);
          results.push(adam.w, adam.m, adam.v, adamRef.w, adamRef.m, adamRef.v);
        }
        return results;
      });
      for (const m of [w, g, v, m2]) b.dispose(m);
    }
  });

  it('hand-checked values: softmax cross-entropy of a uniform row, MSE as in the article, one SGD step', () => {
    const z = b.fromArray([0, 0], 1, 2);
    const a = f.activation({ kind: 'softmax', alpha: 0 }, z);
    expect(Array.from(b.readSync(a))).toEqual([0.5, 0.5]);
    const y = b.fromArray([1, 0], 1, 2);
    const ce = f.outputError('softmaxCrossEntropy', { kind: 'softmax', alpha: 0 }, z, a, y);
    expectClose(b.readSync(ce.loss), [Math.LN2], COMPOSITE_TOLERANCE[precision], 'ln 2');
    expect(Array.from(b.readSync(ce.error))).toEqual([-0.5, 0.5]);
    // MSE, linear output, batch of 2: loss = mean(0.5·(3−1)², 0.5·(0−1)²) = 1.25; error = (ŷ − y)/2.
    const yHat = b.fromArray([3, 0], 2, 1);
    const target = b.fromArray([1, 1], 2, 1);
    const mse = f.outputError('mse', { kind: 'linear', alpha: 0 }, yHat, yHat, target);
    expect(b.readSync(mse.loss)[0]).toBe(1.25);
    expect(Array.from(b.readSync(mse.error))).toEqual([1, -0.5]);
    expect(Array.from(b.readSync(f.sgdUpdate(yHat, target, 0.5)))).toEqual([2.5, -0.5]);
  });
});
