/**
 * Binary accuracy is decided on the logit's sign (z > 0), not on the sigmoid output ≥ 0.5: the
 * output of a logit within 1e-7 of 0 rounds to exactly 0.5 on float32 backends (and within
 * ~1e-16 on float64), which used to count a negative logit as the positive class. Tested on
 * float64 with logits whose sigmoid is exactly 0.5 there, and with logits just off 0.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { createNetwork } from './network.js';
import { createFloat64Backend } from './test-support/float64-backend.js';
import { createHostStorageBackend } from './test-support/host-storage-backend.js';

describe.each([
  ['reference', createFloat64Backend],
  ['host storage', createHostStorageBackend],
])('binary accuracy on the logit (%s)', (_, makeBackend) => {
  it('logits within 1e-7 of 0 count on their sign', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, { inputSize: 1, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'sigmoidBinaryCrossEntropy' });
    // z = x: the output is sigmoid(x).
    net.setLayerWeights(0, [1], [0]);
    const x = [[-1e-17], [1e-17], [-5e-8], [5e-8], [-1e-7], [1e-7]];
    // 1/(1 + e^(1e-17)) is exactly 0.5 in float64: an output threshold called the first row positive.
    expect(1 / (1 + Math.exp(1e-17))).toBe(0.5);
    const right = x.map(([z]) => [z! > 0 ? 1 : 0]);
    expect((await evaluate(net, x, right)).accuracy).toBe(1);
    const wrong = right.map(([t]) => [1 - t!]);
    expect((await evaluate(net, x, wrong)).accuracy).toBe(0);
    net.dispose();
  });

  it('an MSE network asked for threshold accuracy still thresholds its outputs at 0.5', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, { inputSize: 1, layers: [{ units: 1, activation: 'linear' }], loss: 'mse' });
    net.setLayerWeights(0, [1], [0]);
    const result = await evaluate(net, [[0.4], [0.6], [0.5]], [[0], [1], [1]], { accuracy: 'threshold' });
    expect(result.accuracy).toBe(1);
    net.dispose();
  });
});
