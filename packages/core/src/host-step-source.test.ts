import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES } from './backend.js';
import { hostStepSource, type StepShape } from './host-step-source.js';
import { compileHostEpoch } from './host-step.js';

const OUTPUT_FOR = { mse: 'linear', softmaxCrossEntropy: 'softmax', sigmoidBinaryCrossEntropy: 'sigmoid' } as const;

describe('hostStepSource', () => {
  it('compiles for every activation × loss × optimizer and depth', () => {
    let compiled = 0;
    for (const hidden of ACTIVATIONS) {
      for (const loss of LOSSES) {
        for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
          for (const depth of [1, 2, 3]) {
            const layers = [...Array.from({ length: depth - 1 }, () => ({ units: 3, activation: hidden })), { units: 2, activation: OUTPUT_FOR[loss] }];
            const shape: StepShape = { inputs: 2, layers, loss, optimizer };
            expect(compileHostEpoch(hostStepSource(shape)), JSON.stringify(shape)).toBeTypeOf('function');
            compiled++;
          }
        }
      }
    }
    expect(compiled).toBe(ACTIVATIONS.length * LOSSES.length * 3 * 3);
  });

  it('computes the article network step: loss 0.26325 and the updated weights', () => {
    const src = hostStepSource({ inputs: 1, layers: [{ units: 2, activation: 'relu' }, { units: 2, activation: 'relu' }], loss: 'mse', optimizer: 'sgd' });
    const epoch = compileHostEpoch(src)!;
    const P = [new Float64Array([0.4, 0.6]), new Float64Array([0.1, 0.1]), new Float64Array([0.5, -0.2, 0.3, 0.8]), new Float64Array([0.1, 0.1])];
    const S = [2, 2, 2, 2, 2, 2, 2, 2, 4, 2].map((n) => new Float64Array(n));
    const T = [2, 2, 2, 2, 4, 4, 2, 2].map((n) => new Float64Array(n));
    const H = new Float64Array([0.1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const out = new Float64Array(3);
    const loss = epoch(1, new Uint32Array([0]), new Float64Array([0.5]), new Float64Array([1, 0]), 1, P, S, T, H, out);
    expect(out[2]).toBe(1); // one step taken
    expect(loss).toBeCloseTo(0.26325, 12);
    const expected = [[0.41935, 0.59505], [0.1387, 0.0901], [0.5189, -0.2108, 0.3252, 0.7856], [0.163, 0.064]];
    P.forEach((p, i) => Array.from(p).forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
  });
});
