/**
 * Ops: validation before a backend sees a call, and where each composite goes — the backend's
 * own override for the kinds it declares, else its `elementwise` (every kind), else core's
 * reference on primitives.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './activations/index.js';
import type { Backend, Matrix } from './backend.js';
import { Ops } from './ops.js';
import type { Program } from './expr/program.js';
import { createFloat64Backend } from './test-support/float64-backend.js';

describe('Ops routing', () => {
  it('a backend without elementwise runs every composite on the reference', () => {
    const ops = new Ops(createFloat64Backend());
    expect(ops.overrides()).toEqual([]);
    for (const kind of ACTIVATIONS) expect(ops.isFused('activation', { activation: kind })).toBe(false);
  });

  it('a backend with elementwise runs every composite of every kind through it', () => {
    const backend = createFloat64Backend({ elementwise: true });
    const seen: string[] = [];
    const spy: Backend = Object.assign(Object.create(backend) as Backend, {
      elementwise: (p: Program, i: readonly Matrix[], params: readonly number[]) => (seen.push(p.key), backend.elementwise!(p, i, params)),
    });
    const ops = new Ops(spy);
    for (const kind of ACTIVATIONS) expect(ops.isFused('activationBackward', { activation: kind }), kind).toBe(true);
    const z = ops.fromArray([-1, 2], 1, 2);
    ops.dispose(ops.activation({ kind: 'elu', alpha: 1 }, z));
    const { loss, error } = ops.outputError('mse', { kind: 'elu', alpha: 1 }, z, z, z);
    ops.dispose(ops.sgdUpdate(z, z, 0.1));
    expect(seen).toEqual(['activation.forward.elu', 'outputError.mse.elu', 'update.sgd']);
    for (const m of [loss, error, z]) ops.dispose(m);
    expect(ops.liveHandles()).toBe(0);
  });

  it("a backend's own override wins for the kinds it declares; other kinds fall back to its elementwise", () => {
    const backend = createFloat64Backend({ elementwise: true });
    const own: string[] = [];
    const withOverride: Backend = Object.assign(Object.create(backend) as Backend, {
      fusedKinds: { activations: ['relu'] as const },
      activation: (spec: { kind: string }, z: Matrix) => (own.push(spec.kind), backend.binaryScalar('max', z, 0)),
    });
    const ops = new Ops(withOverride);
    const z = ops.fromArray([-1, 2], 1, 2);
    ops.dispose(ops.activation({ kind: 'relu', alpha: 0 }, z));
    ops.dispose(ops.activation({ kind: 'tanh', alpha: 0 }, z));
    expect(own).toEqual(['relu']);
  });

  it('refuses an override without the kinds it handles, naming every problem', () => {
    const backend = createFloat64Backend();
    const broken = Object.assign(Object.create(backend) as Backend, { activation: () => backend.fill(1, 1, 0) });
    expect(() => new Ops(broken)).toThrow('overrides activation but declares no fusedKinds.activations');
  });
});

describe('Ops validation names the operation, what was expected and what came', () => {
  const ops = new Ops(createFloat64Backend({ elementwise: true }));
  const a = ops.fromArray([1, 2, 3, 4, 5, 6], 2, 3);
  it.each([
    [() => ops.matmul(a, a), 'matmul: inner sizes differ, [2,3] × [2,3]'],
    [() => ops.activation({ kind: 'nope' as never, alpha: 0 }, a), 'activation: activation must be one of relu'],
    [() => ops.activation({ kind: 'elu', alpha: 2 }, a), 'activation: elu alpha must be in [0, 1], got 2'],
    [() => ops.fromArray([1, Number.NaN], 1, 2), 'fromArray: value at index 1 (row 0, column 1) must be a finite number, got NaN'],
    [() => ops.outputError('softmaxCrossEntropy', { kind: 'relu', alpha: 0 }, a, a, a), 'loss softmaxCrossEntropy needs a softmax output layer, got relu'],
    [() => ops.sgdUpdate(a, ops.fill(1, 3, 0), 0.1), 'sgdUpdate: weights and gradient must have the same shape, got [2,3] and [1,3]'],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
