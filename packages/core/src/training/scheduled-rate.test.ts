import { describe, expect, it } from 'vitest';
import { fit } from '../fit.js';
import { createNetwork } from '../network.js';
import { createOptimizer, sgd } from '../optimizers.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';

const spec = { inputSize: 2, layers: [{ units: 3, activation: 'tanh' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const };
const x = [[0, 1], [1, 0], [1, 1], [0.5, 0.2]];
const y = [[1], [1], [0], [0.3]];
const halving = { kind: 'exponential' as const, factor: 0.5 };

describe('a schedule with a reused optimizer state', () => {
  it('restarts in every fit and leaves the base rate in the state, so staged training does not compound the decay', async () => {
    const net = createNetwork(createHostStorageBackend(), spec);
    const state = createOptimizer(net, sgd(0.08));
    const first = await fit(net, x, y, { epochs: 3, optimizer: state, schedule: halving });
    expect(first.epochs.map((e) => e.learningRate)).toEqual([0.08, 0.04, 0.02]);
    expect(state.spec.lr).toBe(0.08);
    const second = await fit(net, x, y, { epochs: 2, optimizer: state, schedule: halving });
    expect(second.epochs.map((e) => e.learningRate)).toEqual([0.08, 0.04]);
    expect(state.spec.lr).toBe(0.08);
  });

  it('continues from where the last fit with the state left it when asked (continueSchedule)', async () => {
    const net = createNetwork(createHostStorageBackend(), spec);
    const state = createOptimizer(net, sgd(0.08));
    await fit(net, x, y, { epochs: 2, optimizer: state, schedule: halving, continueSchedule: true });
    const next = await fit(net, x, y, { epochs: 2, optimizer: state, schedule: halving, continueSchedule: true });
    expect(next.epochs.map((e) => [e.epoch, e.learningRate])).toEqual([[1, 0.02], [2, 0.01]]);
    expect(state.spec.lr).toBe(0.08);
  });

  it('puts the base rate back when fit throws', async () => {
    const net = createNetwork(createHostStorageBackend(), spec);
    const state = createOptimizer(net, sgd(0.08));
    const bad = (epoch: number, base: number): number => (epoch === 3 ? NaN : base / epoch);
    await expect(fit(net, x, y, { epochs: 4, optimizer: state, schedule: bad })).rejects.toThrow('fit: schedule gave learning rate NaN for epoch 3; it must be a finite number > 0');
    expect(state.spec.lr).toBe(0.08);
  });

  it('refuses continueSchedule without a schedule or without a shared state', async () => {
    const net = createNetwork(createHostStorageBackend(), spec);
    await expect(fit(net, x, y, { epochs: 1, continueSchedule: true, optimizer: createOptimizer(net, sgd(0.1)) })).rejects.toThrow('fit: continueSchedule needs a schedule');
    await expect(fit(net, x, y, { epochs: 1, continueSchedule: true, schedule: halving, optimizer: sgd(0.1) })).rejects.toThrow(
      'fit: continueSchedule needs an optimizer state shared between fit calls (createOptimizer); an optimizer spec starts afresh in every call',
    );
  });
});
