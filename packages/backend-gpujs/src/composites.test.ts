/**
 * Every fused override against core's reference composite, run on the same backend's primitives:
 * the override must mean exactly what reference-ops.ts means.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { referenceOps, type Matrix } from '@backprop/core';
import { createGpujsBackend } from './index.js';
import { GPUJS_FUSED_ACTIVATIONS, type GpujsActivationSpec, type GpujsFusedLoss } from './kernel-sources.js';
import { expectClose, scaled, seededMatrix, TOLERANCES, TRANSCENDENTAL_SLACK } from '@backprop/test-kit';

/** float32 against float64, the suite's preset. */
const F32 = TOLERANCES.float32;
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

// The kinds this backend fuses; core runs the others on its reference (conformance covers them).
const specs: GpujsActivationSpec[] = GPUJS_FUSED_ACTIVATIONS.map((kind) => ({ kind, alpha: kind === 'leakyRelu' ? 0.1 : 0 }));
/** Transcendental-heavy composites (softmax, sigmoid, tanh, logs) get the suite's slack. */
const SLACK = TRANSCENDENTAL_SLACK;

const LOSS_CASES: [GpujsFusedLoss, GpujsActivationSpec][] = [
  ...specs.map((s): [GpujsFusedLoss, GpujsActivationSpec] => ['mse', s]),
  ['softmaxCrossEntropy', { kind: 'softmax', alpha: 0 }],
  ['sigmoidBinaryCrossEntropy', { kind: 'sigmoid', alpha: 0 }],
];

describe.each(MODES_UNDER_TEST)('gpujs fused composites in %s mode match core reference-ops', (mode) => {
  const backend = createGpujsBackend({ mode });
  const reference = referenceOps(backend);
  afterAll(() => backend.close());
  const up = (rows: number, cols: number, seed: number, lo = -2, hi = 2): Matrix => {
    const d = seededMatrix(rows, cols, seed, lo, hi);
    return backend.fromArray(d.data, rows, cols);
  };
  const take = (...ms: Matrix[]): Float32Array[] => {
    const out = ms.map((m) => backend.readSync(m));
    for (const m of new Set(ms)) backend.dispose(m);
    return out;
  };
  const same = (fused: Matrix, ref: Matrix, what: string): void => {
    expect(fused).toMatchObject({ rows: ref.rows, cols: ref.cols });
    const [f, r] = take(fused, ref);
    expectClose(f!, Array.from(r!), scaled(F32, SLACK), what);
  };

  it.each(specs.map((s) => [s.kind, s]))('activation %s', (_kind, spec) => {
    for (const [rows, cols] of [[1, 1], [3, 7], [9, 1]] as const) {
      const z = up(rows, cols, 5);
      same(backend.activation(spec, z), reference.activation(spec, z), `activation ${spec.kind} ${rows}×${cols}`);
      backend.dispose(z);
    }
  });

  it.each(specs.map((s) => [s.kind, s]))('activationBackward %s', (_kind, spec) => {
    const z = up(4, 6, 8);
    const a = reference.activation(spec, z);
    const dA = up(4, 6, 9);
    same(backend.activationBackward(spec, dA, z, a), reference.activationBackward(spec, dA, z, a), `backward ${spec.kind}`);
    for (const m of [z, a, dA]) backend.dispose(m);
  });

  it.each(specs.map((s) => [s.kind, s]))('denseForward %s gives Z = X·W + b and A = f(Z)', (_kind, spec) => {
    const x = up(5, 11, 1);
    const w = up(11, 3, 2);
    const b = up(1, 3, 3);
    const fused = backend.denseForward(x, w, b, spec);
    const ref = reference.denseForward(x, w, b, spec);
    if (spec.kind === 'linear') expect(fused.a).toBe(fused.z);
    const [fz, fa, rz, ra] = take(fused.z, fused.a, ref.z, ref.a);
    expectClose(fz!, Array.from(rz!), F32, 'z');
    expectClose(fa!, Array.from(ra!), scaled(F32, SLACK), 'a');
    for (const m of [x, w, b]) backend.dispose(m);
  });

  it.each(LOSS_CASES.map(([loss, spec]) => [loss, spec.kind, spec] as const))('outputError and lossValue, %s after %s', (loss, _kind, spec) => {
    const z = up(6, 4, 21, -3, 3);
    const a = reference.activation(spec, z);
    const y = up(6, 4, 22, 0, 1);
    const fused = backend.outputError(loss, spec, z, a, y);
    const ref = reference.outputError(loss, spec, z, a, y);
    expect(fused.loss).toMatchObject({ rows: 1, cols: 1 });
    same(fused.error, ref.error, 'error');
    same(fused.loss, ref.loss, 'loss');
    same(backend.lossValue(loss, spec, z, a, y), reference.lossValue(loss, spec, z, a, y), 'lossValue');
    for (const m of [z, a, y]) backend.dispose(m);
  });

  it('sgdUpdate, momentumUpdate and adamUpdate', () => {
    const w = up(7, 3, 31);
    const g = up(7, 3, 32);
    const v = up(7, 3, 33);
    const m = up(7, 3, 34);
    const vPositive = up(7, 3, 35, 0, 1);
    same(backend.sgdUpdate(w, g, 0.05), reference.sgdUpdate(w, g, 0.05), 'sgd');
    const fm = backend.momentumUpdate(w, v, g, 0.05, 0.9);
    const rm = reference.momentumUpdate(w, v, g, 0.05, 0.9);
    same(fm.w, rm.w, 'momentum w');
    same(fm.v, rm.v, 'momentum v');
    for (const step of [1, 7]) {
      const hyper = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step };
      const fa = backend.adamUpdate(w, m, vPositive, g, hyper);
      const ra = reference.adamUpdate(w, m, vPositive, g, hyper);
      same(fa.w, ra.w, `adam w, step ${step}`);
      same(fa.m, ra.m, `adam m, step ${step}`);
      same(fa.v, ra.v, `adam v, step ${step}`);
    }
    for (const h of [w, g, v, m, vPositive]) backend.dispose(h);
    expect(backend.liveHandles()).toBe(0);
  });
});
