/**
 * Exact resume on backend-js float32 (core's own tests cannot import a backend package): fit
 * stopped after several epochs and resumed from its checkpoint ends bit-identical to a run never
 * stopped, with Adam, a schedule, dropout, a validation split and early stopping that restores the
 * best weights, on the fused host path and on the per-operation path; and Adam continued from a
 * model saved with includeOptimizer is bit-identical to never saving. The CLI's kill test
 * (kill.test.ts) covers wasm and tfjs/wasm end to end.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { adam, createNetwork, createOptimizer, fit, modelToJSON, parseModel, Random, type FitOptions, type History, type Network, type NetworkSpec } from '@backprop/core';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'backprop-resume-f32-'));
const random = new Random(21);
const x = Array.from({ length: 60 }, () => [random.normal(), random.normal(), random.normal(), random.normal()]);
const y = x.map(([a, b, c, d]) => (a! - b! + 0.5 * c! * d! + random.normal() > 0 ? [1, 0] : [0, 1]));
const spec: NetworkSpec = { inputSize: 4, layers: [{ units: 12, activation: 'relu', dropout: 0.25 }, { units: 2, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 8 };
const options: FitOptions = { epochs: 8, batchSize: 8, seed: 3, optimizer: adam(0.05), schedule: { kind: 'exponential', factor: 0.8 }, validationSplit: 0.25, earlyStopping: { patience: 100, restoreBestWeights: true } };

async function weightBits(net: Network): Promise<string> {
  return JSON.stringify((await net.getWeights()).map((l) => [Buffer.from(l.w.buffer).toString('hex'), Buffer.from(l.b.buffer).toString('hex')]));
}
const trained = (h: History): unknown => h.epochs.map(({ seconds: _, ...rest }) => rest);

describe.each(['auto', 'ops'] as const)('resume on backend-js float32, path %s', (path) => {
  const backend = createJsBackend();

  it('stopped after epoch 2, 5 or 7 and resumed: bit-identical to never stopped', async () => {
    expect(backend.info.precision).toBe('float32');
    const reference = createNetwork(backend, spec);
    const whole = await fit(reference, x, y, { ...options, path });
    expect(whole.path).toBe(path === 'auto' ? 'host' : 'ops');
    const referenceBits = await weightBits(reference);
    reference.dispose();
    for (const stopAt of [2, 5, 7]) {
      const checkpoint = join(dir, `${path}-${stopAt}.json`);
      const first = createNetwork(backend, spec);
      await fit(first, x, y, { ...options, path, checkpoint: { path: checkpoint, every: { epochs: 3 } }, onEpochEnd: (info) => info.epoch < stopAt });
      first.dispose();
      const second = createNetwork(backend, spec);
      const resumed = await fit(second, x, y, { ...options, path, resumeFrom: checkpoint });
      expect(trained(resumed)).toEqual(trained(whole));
      expect(resumed.restoredEpoch).toBe(whole.restoredEpoch);
      expect(await weightBits(second)).toBe(referenceBits);
      second.dispose();
    }
  });

  it('Adam continued from a model saved with includeOptimizer is bit-identical to never saving', async () => {
    const plain = { epochs: 3, batchSize: 8, seed: 3, path };
    const a = createNetwork(backend, spec);
    const stateA = createOptimizer(a, adam(0.05));
    await fit(a, x, y, { ...plain, optimizer: stateA });
    const secondA = await fit(a, x, y, { ...plain, optimizer: stateA });
    const b = createNetwork(backend, spec);
    const stateB = createOptimizer(b, adam(0.05));
    await fit(b, x, y, { ...plain, optimizer: stateB });
    const loaded = parseModel(await modelToJSON(b, {}, { includeOptimizer: stateB }), backend);
    const secondB = await fit(loaded.network, x, y, { ...plain, optimizer: loaded.optimizer });
    expect(trained(secondB)).toEqual(trained(secondA));
    expect(await weightBits(loaded.network)).toBe(await weightBits(a));
    for (const n of [a, b, loaded.network]) n.dispose();
    for (const s of [stateA, stateB, loaded.optimizer!]) s.dispose();
  });
});
