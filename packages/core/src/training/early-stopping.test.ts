import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { fit } from '../fit.js';
import { createNetwork, type Network } from '../network.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';
import type { FitOptions } from './fit-options.js';

const spec = { inputSize: 2, layers: [{ units: 3, activation: 'linear' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const, seed: 5 };
const x = [[1, 2], [-1, 3], [2, 2], [0.5, -2]];
const y = [[3], [1], [4], [-1]];
/**
 * Careful steps for three epochs, then a rate too large for this problem: the loss (measured
 * before each epoch's update) is lowest at epoch 4 and climbs after it (2.49 1.62 1.28 1.13 1.23 5.14 29.4 …).
 */
const options: FitOptions = { epochs: 12, batchSize: 4, optimizer: { kind: 'sgd', lr: 0.01 }, schedule: (epoch, base) => (epoch <= 3 ? base : 0.1), earlyStopping: { patience: 3, monitor: 'loss' } };

async function flat(net: Network): Promise<number[]> {
  return (await net.getWeights()).flatMap((l) => [...l.w, ...l.b]);
}

describe.each<[string, () => Backend]>([
  ['host storage', createHostStorageBackend],
  ['no host storage', createFloat64Backend],
])('early stopping (%s)', (_, makeBackend) => {
  it("keeps the last epoch's weights by default, and the best epoch's with restoreBestWeights", async () => {
    const backend = makeBackend();
    const train = async (restoreBestWeights: boolean): Promise<{ ends: number[][]; history: Awaited<ReturnType<typeof fit>>; weights: number[] }> => {
      const net = createNetwork(backend, spec);
      const ends: number[][] = [];
      const history = await fit(net, x, y, { ...options, earlyStopping: { ...options.earlyStopping!, restoreBestWeights }, onEpochEnd: async () => void ends.push(await flat(net)) });
      const weights = await flat(net);
      net.dispose();
      return { ends, history, weights };
    };
    const kept = await train(false);
    const losses = kept.history.epochs.map((e) => e.loss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(best).toBe(4);
    expect(kept.history.stoppedEarly).toBe(true);
    expect(kept.history.restoredEpoch).toBeUndefined();
    expect(losses).toHaveLength(best + 3);
    expect(kept.weights).toEqual(kept.ends.at(-1));

    const restored = await train(true);
    expect(restored.history.epochs.map((e) => e.loss)).toEqual(losses);
    expect(restored.history.restoredEpoch).toBe(best);
    expect(restored.weights).toEqual(kept.ends[best - 1]);
    expect(backend.liveHandles()).toBe(0);
  });

  it('restores the best epoch also when every epoch ran, and refuses malformed settings', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, spec);
    const history = await fit(net, x, y, { ...options, epochs: 6, earlyStopping: { patience: 10, monitor: 'loss', restoreBestWeights: true } });
    expect(history).toMatchObject({ stoppedEarly: false, restoredEpoch: 4 });
    const early = (earlyStopping: object): Promise<unknown> => fit(net, x, y, { epochs: 1, earlyStopping } as FitOptions);
    await expect(early({ patience: 1, monitor: 'val_loss' })).rejects.toThrow(`fit: earlyStopping.monitor must be 'loss' or 'valLoss', got "val_loss"`);
    await expect(early({ patience: 1, minDelta: -0.1 })).rejects.toThrow('fit: earlyStopping.minDelta must be a finite number ≥ 0, got -0.1');
    await expect(early({ patience: 1, restoreBestWeights: 'yes' })).rejects.toThrow('fit: earlyStopping.restoreBestWeights must be true or false, got "yes"');
    net.dispose();
    expect(backend.liveHandles()).toBe(0);
  });
});
