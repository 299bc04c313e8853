/**
 * One step of each update rule by hand (w = 1, g = 0.5, lr 0.1), through the reference on
 * primitives and through elementwise (core's JavaScript kernels): both run the rule's one
 * definition (update-rules/).
 *   sgd: 1 − 0.1·0.5 = 0.95
 *   momentum (μ 0.9, v 0.2): v' = 0.9·0.2 + 0.5 = 0.68, w' = 1 − 0.1·0.68 = 0.932
 *   adam (step 1): m' = 0.1·0.5 = 0.05, v' = 0.001·0.25 = 0.00025, m̂ = 0.5, v̂ = 0.25,
 *     w' = 1 − 0.1·0.5/(0.5 + 1e−8) ≈ 0.9000000002
 */
import { describe, expect, it } from 'vitest';
import { Ops } from './ops.js';
import { createFloat64Backend } from './test-support/float64-backend.js';

describe.each([false, true])('update rules by hand (elementwise %s)', (elementwise) => {
  const ops = new Ops(createFloat64Backend({ elementwise }));
  const one = (v: number) => ops.fromArray([v], 1, 1);
  const value = (m: ReturnType<typeof one>): number => ops.readSync(m)![0]!;

  it('sgd', () => {
    expect(value(ops.sgdUpdate(one(1), one(0.5), 0.1))).toBeCloseTo(0.95, 15);
  });

  it('momentum', () => {
    const r = ops.momentumUpdate(one(1), one(0.2), one(0.5), 0.1, 0.9);
    expect(value(r.v)).toBeCloseTo(0.68, 15);
    expect(value(r.w)).toBeCloseTo(0.932, 15);
  });

  it('adam, step 1', () => {
    const r = ops.adamUpdate(one(1), one(0), one(0), one(0.5), { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 });
    expect(value(r.m)).toBeCloseTo(0.05, 15);
    expect(value(r.v)).toBeCloseTo(0.00025, 15);
    expect(value(r.w)).toBeCloseTo(1 - 0.05 / (0.5 + 1e-8), 14);
  });
});
