import { describe, expect, it } from 'vitest';
import { createNetwork } from '../network.js';
import { createOptimizer, OptimizerState } from '../optimizers.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { resolveFitPlan } from './fit-plan.js';

const spec = { inputSize: 2, layers: [{ units: 3, activation: 'tanh' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const };
const x = Array.from({ length: 8 }, (_, i) => [i / 8, 1 - i / 8]);
const y = x.map(([a, b]) => [a! - b!]);

describe('resolveFitPlan', () => {
  it('fills every default and makes its own SGD state', () => {
    const net = createNetwork(createFloat64Backend(), spec);
    const plan = resolveFitPlan(net, x, y, { epochs: 3 });
    expect(plan).toMatchObject({ epochs: 3, batchSize: 8, batches: 1, shuffle: true, seed: 1, path: 'auto', ownsOptimizer: true, watchesEpochs: false });
    expect(plan.optimizer.spec).toMatchObject({ kind: 'sgd', lr: 0.01 });
    expect(plan.x).toMatchObject({ rows: 8, cols: 2 });
    expect(plan.validation).toBeUndefined();
    expect(plan.earlyStopping).toBeUndefined();
    plan.optimizer.dispose();
    net.dispose();
  });

  it('holds out the last rows for validationSplit and watches every epoch then', () => {
    const net = createNetwork(createFloat64Backend(), spec);
    const plan = resolveFitPlan(net, x, y, { epochs: 1, batchSize: 4, validationSplit: 0.25, earlyStopping: { patience: 2 } });
    expect(plan.x.rows).toBe(6);
    expect(Array.from(plan.validation!.x.data)).toEqual([6 / 8, 2 / 8, 7 / 8, 1 / 8]);
    expect(plan).toMatchObject({ batches: 2, watchesEpochs: true, earlyStopping: { monitor: 'valLoss', patience: 2, minDelta: 0 } });
    net.dispose();
  });

  it('keeps a given optimizer state (not its own) and refuses one made for another network', () => {
    const backend = createFloat64Backend();
    const net = createNetwork(backend, spec);
    const other = createNetwork(backend, spec);
    const state = createOptimizer(net, { kind: 'adam', lr: 0.01 });
    const plan = resolveFitPlan(net, x, y, { epochs: 1, optimizer: state });
    expect(plan.optimizer).toBe(state);
    expect(plan.ownsOptimizer).toBe(false);
    expect(() => resolveFitPlan(other, x, y, { epochs: 1, optimizer: state })).toThrow('fit: the optimizer state was created for another network');
    expect(plan.optimizer).toBeInstanceOf(OptimizerState);
    net.dispose();
    other.dispose();
  });

  it('reports the first problem in a fixed order: epochs, data, split, clipping, schedule, batch size, seed', () => {
    const net = createNetwork(createFloat64Backend(), spec);
    const bad = { epochs: 0, batchSize: 0, clipNorm: -1, seed: 0.5 };
    expect(() => resolveFitPlan(net, x, y, bad)).toThrow('fit: epochs must be a positive integer, got 0');
    expect(() => resolveFitPlan(net, x, y.slice(1), { ...bad, epochs: 1 })).toThrow('fit: x and y must have the same number of rows, got 8 and 7');
    expect(() => resolveFitPlan(net, x, y, { ...bad, epochs: 1 })).toThrow('fit: clipNorm must be a finite number > 0, got -1');
    expect(() => resolveFitPlan(net, x, y, { ...bad, epochs: 1, clipNorm: 1 })).toThrow('fit: batchSize must be a positive integer, got 0');
    expect(() => resolveFitPlan(net, x, y, { epochs: 1, seed: 0.5 })).toThrow('fit: seed must be an integer, got 0.5');
    expect(() => resolveFitPlan(net, x, y, { epochs: 1, validationSplit: 0.99 })).toThrow('fit: validationSplit 0.99 of 8 rows leaves no training data');
    expect(() => resolveFitPlan(net, x, y, { epochs: 1, earlyStopping: { patience: 1, monitor: 'valLoss' } })).toThrow("fit: earlyStopping monitor 'valLoss' needs validationData");
    net.dispose();
  });
});
