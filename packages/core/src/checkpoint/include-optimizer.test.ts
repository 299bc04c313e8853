/**
 * saveModel/modelToJSON with includeOptimizer: continuing Adam (and momentum) from the saved
 * file is bit-identical to never having saved, on both float64 test paths; without the optimizer
 * the first resumed epoch differs (Adam restarts with empty moments). Damaged state is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { ModelFormatError } from '../errors.js';
import { fit } from '../fit.js';
import { modelToJSON, parseModel } from '../model-format.js';
import { createNetwork, type Network, type NetworkSpec } from '../network.js';
import { adam, createOptimizer, momentum, type OptimizerSpec } from '../optimizers.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';

const spec: NetworkSpec = { inputSize: 2, layers: [{ units: 5, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 4 };
const x = Array.from({ length: 24 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
const y = x.map(([a, b]) => [a! * b! - 0.3 * a!]);
const options = { epochs: 3, batchSize: 5, seed: 2 };

async function bits(net: Network): Promise<string> {
  return Buffer.from(Float64Array.from((await net.getWeights()).flatMap((l) => [...l.w, ...l.b])).buffer).toString('hex');
}

describe.each([
  ['host storage, fused host path', createHostStorageBackend, 'auto'],
  ['host storage, per-operation path', createHostStorageBackend, 'ops'],
  ['no host storage', createFloat64Backend, 'auto'],
] as [string, () => Backend, 'auto' | 'ops'][])('includeOptimizer on %s', (_, makeBackend, path) => {
  it.each([['adam', adam(0.05)], ['momentum', momentum(0.05, 0.9)]] as [string, OptimizerSpec][])('continuing %s from the file is bit-identical to never saving', async (__, optimizerSpec) => {
    const backend = makeBackend();
    // Never saved: two fit calls sharing one optimizer state.
    const a = createNetwork(backend, spec);
    const stateA = createOptimizer(a, optimizerSpec);
    await fit(a, x, y, { ...options, path, optimizer: stateA });
    const second = await fit(a, x, y, { ...options, path, optimizer: stateA });

    // Saved after the first call, loaded, continued.
    const b = createNetwork(backend, spec);
    const stateB = createOptimizer(b, optimizerSpec);
    await fit(b, x, y, { ...options, path, optimizer: stateB });
    const text = await modelToJSON(b, {}, { includeOptimizer: stateB });
    const loaded = parseModel(text, backend);
    expect(loaded.optimizer?.step).toBe(stateB.step);
    const continued = await fit(loaded.network, x, y, { ...options, path, optimizer: loaded.optimizer });
    expect(continued.epochs.map((e) => e.loss)).toEqual(second.epochs.map((e) => e.loss));
    expect(await bits(loaded.network)).toBe(await bits(a));

    // Without the optimizer state, the continued run is another run.
    const bare = parseModel(await modelToJSON(b), backend);
    expect(bare.optimizer).toBeUndefined();
    const fresh = await fit(bare.network, x, y, { ...options, path, optimizer: optimizerSpec });
    expect(fresh.epochs[0]!.loss).not.toBe(second.epochs[0]!.loss);

    for (const m of [a, b, loaded.network, bare.network]) m.dispose();
    for (const s of [stateA, stateB, loaded.optimizer!]) s.dispose();
    expect(backend.liveHandles()).toBe(0);
  });

  it('refuses damaged optimizer state, naming the field', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, spec);
    const state = createOptimizer(net, adam(0.05));
    await fit(net, x, y, { ...options, path, optimizer: state });
    const saved = JSON.parse(await modelToJSON(net, {}, { includeOptimizer: state })) as { optimizer: { step: unknown; spec: { lr: unknown } } };
    expect(() => parseModel({ ...saved, optimizer: { ...saved.optimizer, step: 1.5 } }, backend)).toThrow(/loadModel: optimizer\.step must be an integer ≥ 0, got 1\.5/);
    expect(() => parseModel({ ...saved, optimizer: { ...saved.optimizer, spec: { ...saved.optimizer.spec, lr: -1 } } }, backend)).toThrow(ModelFormatError);
    const other = createNetwork(backend, spec);
    await expect(modelToJSON(other, {}, { includeOptimizer: state })).rejects.toThrow(/saveModel: includeOptimizer: the optimizer state belongs to another network/);
    net.dispose();
    other.dispose();
    state.dispose();
    expect(backend.liveHandles()).toBe(0);
  });
});
