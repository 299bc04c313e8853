/**
 * The divergence sweep (issue 8): learning rates from 1e-3 to 1e38 × both training paths × SGD,
 * momentum and Adam × two small networks. Every fit must either return with finite parameters,
 * or throw NonFiniteLossError (NonFiniteWeightsError is one) with finite parameters restored;
 * no other error, no leaked handle. The outcome counts go to the test log (`divergence sweep:`).
 */
import { adam, createNetwork, fit, momentum, NonFiniteLossError, NonFiniteWeightsError, sgd, type NetworkSpec, type OptimizerSpec } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';

export const SWEEP_LEARNING_RATES = [1e-3, 1e-1, 1e1, 1e3, 1e6, 1e12, 1e24, 1e38];
const OPTIMIZERS: readonly [string, (lr: number) => OptimizerSpec][] = [
  ['sgd', (lr) => sgd(lr)],
  ['momentum', (lr) => momentum(lr, 0.9)],
  ['adam', (lr) => adam(lr)],
];
const PATHS = ['auto', 'ops'] as const;

interface SweepNet {
  readonly name: string;
  readonly spec: NetworkSpec;
  readonly x: { data: Float64Array; rows: number; cols: number };
  readonly y: { data: Float64Array; rows: number; cols: number };
}

function sweepNets(): SweepNet[] {
  const x = { data: randomValues(16 * 2, 31, -3, 3), rows: 16, cols: 2 };
  const regressionY = { data: new Float64Array(16).map((_, r) => 4 * x.data[2 * r]! - 2 * x.data[2 * r + 1]! + 1), rows: 16, cols: 1 };
  const classes = { data: new Float64Array(16 * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)), rows: 16, cols: 3 };
  return [
    { name: '2-6-1 relu/linear mse', spec: { inputSize: 2, layers: [{ units: 6, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 7 }, x, y: regressionY },
    {
      name: '2-5-3 tanh/softmax cross-entropy',
      spec: { inputSize: 2, layers: [{ units: 5, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 8 },
      x,
      y: classes,
    },
  ];
}

export function divergenceSweepCases(ctx: SuiteContext): void {
  const nets = sweepNets();
  const size = SWEEP_LEARNING_RATES.length * PATHS.length * OPTIMIZERS.length * nets.length;
  ctx.check(`robustness: divergence sweep (${size} fits, lr 1e-3..1e38): fit returns finite parameters or throws with them restored`, async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const counts = { returned: 0, nonFiniteLoss: 0, nonFiniteWeights: 0 };
    const problems: string[] = [];
    for (const net of nets) {
      for (const [optName, make] of OPTIMIZERS) {
        for (const path of PATHS) {
          for (const lr of SWEEP_LEARNING_RATES) {
            const label = `${net.name}, ${optName} lr ${lr}, path ${path}`;
            const n = createNetwork(ops, net.spec);
            let caught: unknown;
            try {
              await fit(n, net.x, net.y, { epochs: 3, batchSize: 8, optimizer: make(lr), path, seed: 2 });
            } catch (e) {
              caught = e;
            }
            const weights = await n.getWeights();
            n.dispose();
            const finite = weights.every((l) => l.w.every(Number.isFinite) && l.b.every(Number.isFinite));
            if (!finite) problems.push(`${label}: non-finite parameters after ${caught === undefined ? 'returning' : (caught as Error).name}`);
            if (caught === undefined) counts.returned++;
            else if (caught instanceof NonFiniteWeightsError) counts.nonFiniteWeights++;
            else if (caught instanceof NonFiniteLossError) counts.nonFiniteLoss++;
            else problems.push(`${label}: unexpected ${caught instanceof Error ? `${caught.name}: ${caught.message}` : typeof caught}`);
          }
        }
      }
    }
    console.log(
      `divergence sweep: ${ctx.backend.info.name} ${ctx.backend.info.engine}: ${size} fits: ${counts.returned} returned with finite parameters, ` +
        `${counts.nonFiniteLoss} NonFiniteLossError, ${counts.nonFiniteWeights} NonFiniteWeightsError, ${problems.length} problems`,
    );
    expect(problems).toEqual([]);
    expect(counts.returned + counts.nonFiniteLoss + counts.nonFiniteWeights).toBe(size);
    // The sweep must exercise both sides: small rates train, huge ones diverge.
    expect(counts.returned).toBeGreaterThan(0);
    expect(counts.nonFiniteLoss + counts.nonFiniteWeights).toBeGreaterThan(0);
    expect(ops.liveHandles()).toBe(before);
  }, 600_000);
}
