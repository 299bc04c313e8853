/**
 * Every program core can hand a backend (allPrograms: each activation forward and backward, each
 * loss with each output activation it pairs with, each update rule) run through this backend's
 * `elementwise` against core's reference (the same program on the same backend's primitives),
 * plus the generic fused `denseForward` for every activation, in each mode.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, allPrograms, referenceOps, runOnPrimitives, type Matrix, type Program } from '@backprop/core';
import { expectClose, scaled, seededMatrix, TOLERANCES, TRANSCENDENTAL_SLACK } from '@backprop/test-kit';
import { createGpujsBackend } from './index.js';
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

/** float32 against float32 on the same primitives, with the suite's slack for exp, log and tanh. */
const CLOSE = scaled(TOLERANCES.float32, TRANSCENDENTAL_SLACK);

/** A value for every param name a program may read (Adam's c1, c2 for step 3). */
const PARAMS: Readonly<Record<string, number>> = {
  alpha: 0.2,
  batch: 5,
  lr: 0.05,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  c1: 1 - 0.9 ** 3,
  c2: 1 - 0.999 ** 3,
};

/** Inputs read as probabilities, targets or second moments lie in (0, 1); the others in [−2, 2]. */
const UNIT_INPUTS = new Set(['a', 'y', 'v']);

describe.each(MODES_UNDER_TEST)('gpujs elementwise in %s mode matches core reference', (mode) => {
  const backend = createGpujsBackend({ mode });
  const reference = referenceOps(backend);
  afterAll(() => backend.close());
  const up = (rows: number, cols: number, seed: number, lo = -2, hi = 2): Matrix => backend.fromArray(seededMatrix(rows, cols, seed, lo, hi).data, rows, cols);
  const take = (ms: readonly Matrix[]): Float32Array[] => {
    const out = ms.map((m) => backend.readSync(m));
    for (const m of new Set(ms)) backend.dispose(m);
    return out;
  };

  it.each(allPrograms().map((p) => [p.key, p] as const))('%s', (_key, program: Program) => {
    const [rows, cols] = [5, 7];
    const inputs = program.inputs.map((name, i) => (UNIT_INPUTS.has(name) ? up(rows, cols, 40 + i, 0.05, 0.95) : up(rows, cols, 40 + i)));
    const params = program.params.map((name) => PARAMS[name]!);
    const fused = backend.elementwise(program, inputs, params);
    const ref = runOnPrimitives(backend, program, inputs, params);
    program.outputs.forEach((o, i) => expect(fused[i], o.name).toMatchObject(o.reduce ? { rows: 1, cols: 1 } : { rows, cols }));
    const [f, r] = [take(fused), take(ref)];
    program.outputs.forEach((o, i) => expectClose(f[i]!, Array.from(r[i]!), CLOSE, `${program.key} ${o.name}`));
    for (const m of inputs) backend.dispose(m);
    expect(backend.liveHandles()).toBe(0);
  });

  it.each(ACTIVATIONS.map((kind) => [kind]))('denseForward %s gives Z = X·W + b and A = f(Z)', (kind) => {
    const spec = { kind, alpha: 0.2 };
    for (const [batch, inputs, outputs] of [[5, 11, 3], [64, 40, 20]] as const) {
      const [x, w, b] = [up(batch, inputs, 1), up(inputs, outputs, 2), up(1, outputs, 3)];
      const fused = backend.denseForward(x, w, b, spec);
      const ref = reference.denseForward(x, w, b, spec);
      if (kind === 'linear') expect(fused.a).toBe(fused.z);
      const [fz, fa, rz, ra] = take([fused.z, fused.a, ref.z, ref.a]);
      expectClose(fz!, Array.from(rz!), TOLERANCES.float32, `${kind} z`);
      expectClose(fa!, Array.from(ra!), CLOSE, `${kind} a`);
      for (const m of [x, w, b]) backend.dispose(m);
    }
  });
});
