/**
 * fit through its parts, on core's float64 test backend: with host storage (the fused host path)
 * and without (the per-operation path). Spans of several epochs under one guard must change
 * nothing: the same losses, the same weights, the same divergence named at the same batch.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { NonFiniteLossError } from './errors.js';
import { fit } from './fit.js';
import { createNetwork, type Network, type NetworkSpec } from './network.js';
import { createFloat64Backend } from './test-support/float64-backend.js';
import { createHostStorageBackend } from './test-support/host-storage-backend.js';
import type { FitOptions } from './training/fit-options.js';

const smooth: NetworkSpec = { inputSize: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 3 };
const x = Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(2 * i)]);
const y = x.map(([a, b]) => [0.5 * a! - b! * b!]);
/** A linear network that a large learning rate sends to Infinity within a few epochs. */
const linear: NetworkSpec = { inputSize: 2, layers: [{ units: 3, activation: 'linear' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 5 };
const lx = [[1, 2], [-1, 3], [2, 2], [0.5, -2]];
const ly = [[3], [1], [4], [-1]];

const backends: [string, () => Backend, 'host' | 'ops'][] = [
  ['host storage (fused host path)', createHostStorageBackend, 'host'],
  ['no host storage (per-operation path)', createFloat64Backend, 'ops'],
];

async function flatWeights(net: Network): Promise<number[]> {
  return (await net.getWeights()).flatMap((l) => [...l.w, ...l.b]);
}

describe.each(backends)('fit on a float64 backend with %s', (_, makeBackend, path) => {
  it(`trains on the ${path} path, and spans of epochs give exactly what epoch-by-epoch training gives`, async () => {
    const backend = makeBackend();
    const run = async (options: Partial<FitOptions>): Promise<{ losses: number[]; weights: number[]; path: string }> => {
      const net = createNetwork(backend, smooth);
      const h = await fit(net, x, y, { epochs: 40, batchSize: 5, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 }, seed: 2, ...options });
      const out = { losses: h.epochs.map((e) => e.loss), weights: await flatWeights(net), path: h.path };
      net.dispose();
      return out;
    };
    const spanned = await run({});
    const watched = await run({ onEpochEnd: () => undefined });
    expect(spanned.path).toBe(path);
    expect(spanned.losses).toHaveLength(40);
    expect(spanned.losses.at(-1)!).toBeLessThan(spanned.losses[0]! / 2);
    expect(spanned).toEqual(watched);
    expect(backend.liveHandles()).toBe(0);
  });

  it('a divergence inside a span is named at the same epoch and batch, with that epoch\'s start restored', async () => {
    const backend = makeBackend();
    const options: FitOptions = { epochs: 50, batchSize: 2, optimizer: { kind: 'sgd', lr: 1.1 }, seed: 4 };
    // Epoch by epoch, keeping the weights at the end of each.
    const watchedNet = createNetwork(backend, linear);
    const ends: number[][] = [await flatWeights(watchedNet)];
    const watched = await fit(watchedNet, lx, ly, { ...options, onEpochEnd: async () => void ends.push(await flatWeights(watchedNet)) }).catch((e: unknown) => e);
    expect(watched).toBeInstanceOf(NonFiniteLossError);
    const { epoch, batch } = watched as NonFiniteLossError;
    expect(epoch).toBeGreaterThan(2);
    expect(await flatWeights(watchedNet)).toEqual(ends[epoch - 1]);

    const spannedNet = createNetwork(backend, linear);
    const spanned = await fit(spannedNet, lx, ly, options).catch((e: unknown) => e);
    expect(spanned).toBeInstanceOf(NonFiniteLossError);
    expect(spanned).toMatchObject({ epoch, batch, message: (watched as Error).message });
    expect(await flatWeights(spannedNet)).toEqual(ends[epoch - 1]);
    watchedNet.dispose();
    spannedNet.dispose();
    expect(backend.liveHandles()).toBe(0);
  });
});

describe('fit', () => {
  it('the host and per-operation paths agree', async () => {
    const train = async (backend: Backend): Promise<{ losses: number[]; weights: number[] }> => {
      const net = createNetwork(backend, smooth);
      const h = await fit(net, x, y, { epochs: 5, batchSize: 4, optimizer: { kind: 'adam', lr: 0.01 }, clipNorm: 1 });
      return { losses: h.epochs.map((e) => e.loss), weights: await flatWeights(net) };
    };
    const host = await train(createHostStorageBackend());
    const ops = await train(createFloat64Backend());
    host.losses.forEach((l, i) => expect(l).toBeCloseTo(ops.losses[i]!, 12));
    host.weights.forEach((w, i) => expect(w).toBeCloseTo(ops.weights[i]!, 12));
  });

  it('stop() from onBatchEnd ends training after that batch; the epoch is recorded over the samples it saw', async () => {
    const backend = createFloat64Backend();
    const net = createNetwork(backend, smooth);
    const h = await fit(net, x, y, { epochs: 5, batchSize: 5, onBatchEnd: (info, stop) => (info.epoch === 2 && info.batch === 2 ? stop() : undefined) });
    expect(h.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(h).toMatchObject({ stoppedEarly: true, samples: 12 + 10, path: 'ops' });
    net.dispose();
    expect(backend.liveHandles()).toBe(0);
  });
});
