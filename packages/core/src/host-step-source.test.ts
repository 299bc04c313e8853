import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES } from './backend.js';
import { H_ALPHA, H_LOSS_LIMIT, H_LR, hostStepSource, type StepShape } from './host-step-source.js';
import { compileHostEpoch } from './host-step.js';
import { pairedOutputActivation } from './losses/index.js';
import { OPTIMIZER_KINDS } from './update-rules/index.js';

describe('hostStepSource', () => {
  it('compiles for every activation × loss × optimizer and depth, with and without every training feature', () => {
    let compiled = 0;
    for (const hidden of ACTIVATIONS) {
      for (const loss of LOSSES) {
        for (const optimizer of OPTIMIZER_KINDS) {
          for (const depth of [1, 2, 3]) {
            const features = depth === 2;
            const layers = [
              ...Array.from({ length: depth - 1 }, () => ({ units: 3, activation: hidden, dropout: features })),
              { units: 2, activation: pairedOutputActivation(loss) ?? hidden },
            ];
            const shape: StepShape = { inputs: 2, layers, loss, optimizer, weightDecay: features, clipValue: features, clipNorm: features };
            expect(compileHostEpoch(hostStepSource(shape)), JSON.stringify(shape)).toBeTypeOf('function');
            compiled++;
          }
        }
      }
    }
    expect(compiled).toBe(ACTIVATIONS.length * LOSSES.length * OPTIMIZER_KINDS.length * 3);
  });

  it('computes the article network step: loss 0.26325 and the updated weights', () => {
    const src = hostStepSource({ inputs: 1, layers: [{ units: 2, activation: 'relu' }, { units: 2, activation: 'relu' }], loss: 'mse', optimizer: 'sgd' });
    const epoch = compileHostEpoch(src)!;
    const P = [new Float64Array([0.4, 0.6]), new Float64Array([0.1, 0.1]), new Float64Array([0.5, -0.2, 0.3, 0.8]), new Float64Array([0.1, 0.1])];
    // Per layer z, a, e, dW, db; then per layer an (unused) dropout mask and masked output.
    const S = [2, 2, 2, 2, 2, 2, 2, 2, 4, 2, 0, 0, 0, 0].map((n) => new Float64Array(n));
    const T = [2, 2, 2, 2, 4, 4, 2, 2].map((n) => new Float64Array(n));
    const H = new Float64Array(H_ALPHA + 2);
    H[H_LR] = 0.1;
    H[H_LOSS_LIMIT] = Number.MAX_VALUE;
    const out = new Float64Array(5); // [batch, loss, t, epoch] of a failure, then the epoch's loss
    const loss = epoch(1, new Uint32Array([0]), new Float64Array([0.5]), new Float64Array([1, 0]), 1, P, S, T, H, out);
    expect(out[2]).toBe(1); // one step taken
    expect(loss).toBeCloseTo(0.26325, 12);
    const expected = [[0.41935, 0.59505], [0.1387, 0.0901], [0.5189, -0.2108, 0.3252, 0.7856], [0.163, 0.064]];
    P.forEach((p, i) => Array.from(p).forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
  });
});
