/**
 * Every kind in core's registries is fused here through `elementwise`, with no per-kind code in
 * this package: ELU, added to core as one file after this backend's kernels were written, runs
 * as this backend's own compiled kernels (not core's primitive-by-primitive reference) and trains.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ACTIVATION_COMPOSITES, ACTIVATIONS, COMPOSITE_OPS, createNetwork, fit, LOSSES, Ops, type Matrix } from '@backprop/core';
import { expectClose, scaled, seededMatrix, TOLERANCES, TRANSCENDENTAL_SLACK } from '@backprop/test-kit';
import { createGpujsBackend } from './index.js';
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

describe.each(MODES_UNDER_TEST)('every kind fused in %s mode', (mode) => {
  const backend = createGpujsBackend({ mode });
  const ops = new Ops(backend);
  afterAll(() => backend.close());
  const up = (rows: number, cols: number, seed: number): Matrix => backend.fromArray(seededMatrix(rows, cols, seed, -2, 2).data, rows, cols);

  it('Ops reports every composite fused for every activation and loss', () => {
    for (const name of COMPOSITE_OPS) {
      for (const activation of ACTIVATIONS) for (const loss of LOSSES) expect(ops.isFused(name, { activation, loss }), `${name} ${activation} ${loss}`).toBe(true);
    }
    expect(ops.overrides()).toEqual(COMPOSITE_OPS);
    expect(ACTIVATION_COMPOSITES.every((name) => ops.isFused(name, { activation: 'elu' }))).toBe(true);
  });

  it('ELU runs as compiled kernels of its programs, matching the reference', () => {
    const spy = vi.spyOn(backend, 'elementwise');
    const spec = { kind: 'elu' as const, alpha: 0.7 };
    const [z, dA] = [up(6, 5, 1), up(6, 5, 2)];
    const compiledBefore = backend.memory().compiledKernels;
    const a = ops.activation(spec, z);
    const dZ = ops.activationBackward(spec, dA, z, a);
    expect(spy.mock.calls.map(([program]) => program.key)).toEqual(['activation.forward.elu', 'activation.backward.elu']);
    expect(backend.memory().compiledKernels - compiledBefore).toBe(2);
    const refA = ops.referenceOf('activation')(spec, z);
    const refDZ = ops.referenceOf('activationBackward')(spec, dA, z, a);
    const close = scaled(TOLERANCES.float32, TRANSCENDENTAL_SLACK);
    expectClose(backend.readSync(a), Array.from(backend.readSync(refA)), close, 'elu');
    expectClose(backend.readSync(dZ), Array.from(backend.readSync(refDZ)), close, "elu'");
    for (const m of [z, dA, a, dZ, refA, refDZ]) backend.dispose(m);
    spy.mockRestore();
  });

  it('a network with ELU layers trains through those kernels', async () => {
    const spy = vi.spyOn(backend, 'elementwise');
    const network = createNetwork(backend, { inputSize: 3, layers: [{ units: 8, activation: 'elu' }, { units: 2, activation: 'elu', alpha: 0.5 }], loss: 'mse', seed: 5 });
    const x = seededMatrix(32, 3, 7, -1, 1);
    const y = { rows: 32, cols: 2, data: Float64Array.from({ length: 64 }, (_, i) => Math.sin(x.data[(i >> 1) * 3]! + (i & 1))) };
    const history = await fit(network, x, y, { epochs: 30, batchSize: 8, optimizer: { kind: 'adam', lr: 0.02 }, shuffle: false });
    const keys = new Set(spy.mock.calls.map(([program]) => program.key));
    // The forward runs in denseForward (its second kernel is the forward program).
    for (const key of ['activation.forward.elu', 'activation.backward.elu', 'outputError.mse.elu', 'update.adam']) expect(keys).toContain(key);
    expect(history.epochs.at(-1)!.loss).toBeLessThan(history.epochs[0]!.loss * 0.7);
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    spy.mockRestore();
  });
});
