import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './activations/index.js';
import { LOSSES } from './losses/index.js';
import { pairingProblem, resolveNetworkSpec, type SpecCheck } from './spec-rules.js';

const check: SpecCheck = { name: 'spec', field: (l, n) => (l === undefined ? n : `layer ${l} ${n}`), fail: (d) => new Error(d) };

describe('spec rules', () => {
  it('fills defaults and keeps dropout only where it is set', () => {
    const spec = resolveNetworkSpec({ inputSize: 2, layers: [{ units: 3, dropout: 0.2 }, { units: 1, activation: 'sigmoid' }] }, check);
    expect(spec).toEqual({ inputSize: 2, loss: 'mse', layers: [{ units: 3, activation: 'relu', alpha: 0.01, dropout: 0.2 }, { units: 1, activation: 'sigmoid', alpha: 0.01 }] });
  });

  it('names the field in every refusal', () => {
    expect(() => resolveNetworkSpec({ inputSize: 2, layers: [{ units: 3, activation: 'swish' }] }, check)).toThrow(/^layer 0 activation must be one of relu, .*, got "swish"$/);
    expect(() => resolveNetworkSpec({ inputSize: 2, layers: [{ units: 3, dropout: 1 }, { units: 1 }] }, check)).toThrow(/^layer 0 dropout must be in \[0, 1\), got 1$/);
    expect(() => resolveNetworkSpec({ inputSize: 2, layers: [{ units: 3, dropout: 0.5 }] }, check)).toThrow(/^layer 0 dropout must be 0 on the output layer/);
    expect(() => resolveNetworkSpec({ inputSize: 2, layers: [{ units: 3 }] }, { ...check, requireKinds: true })).toThrow(/^layer 0 activation must be one of/);
  });

  it('pairs every loss with the output activations its definition names', () => {
    for (const loss of LOSSES) for (const a of ACTIVATIONS) expect(typeof (pairingProblem(loss, a) ?? '')).toBe('string');
    expect(pairingProblem('softmaxCrossEntropy', 'relu')).toBe('loss softmaxCrossEntropy needs a softmax output layer, got relu');
    expect(pairingProblem('mse', 'gelu')).toBeUndefined();
  });
});
