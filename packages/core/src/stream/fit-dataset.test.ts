/**
 * fitDataset on core's float64 test backend (no host storage: the per-operation path, as fit's
 * 'ops' path): the same batches in the same order give exactly fit's parameters and losses; a
 * divergence is named at its epoch and batch with the start of the epoch restored; unsupported
 * options are refused by name; the shuffle buffer is deterministic per seed and epoch.
 */
import { describe, expect, it } from 'vitest';
import { NonFiniteLossError } from '../errors.js';
import { fit } from '../fit.js';
import { createNetwork, type Network, type NetworkSpec } from '../network.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';
import { matrixDataset, type Batch, type Dataset } from './dataset.js';
import { fitDataset } from './fit-dataset.js';
import { shuffled } from './shuffle-buffer.js';

const spec: NetworkSpec = { inputSize: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 3 };
const rows = 23;
const xs = Array.from({ length: rows }, (_, i) => [Math.sin(i), Math.cos(2 * i)]);
const ys = xs.map(([a, b]) => [0.5 * a! - b! * b!]);
const flat = (m: number[][]): { data: Float64Array; rows: number; cols: number } => ({ data: Float64Array.from(m.flat()), rows: m.length, cols: m[0]!.length });

async function weightsOf(net: Network): Promise<number[]> {
  return (await net.getWeights()).flatMap((l) => [...l.w, ...l.b]);
}

describe('fitDataset', () => {
  it.each([
    ['no host storage', createFloat64Backend],
    ['host storage', createHostStorageBackend],
  ])('gives bit-identical weights and losses to fit on the ops path, same batches in the same order (%s)', async (_, makeBackend) => {
    const backend = makeBackend();
    const a = createNetwork(backend, spec);
    const b = createNetwork(backend, spec);
    const optimizer = { kind: 'adam', lr: 0.02 } as const;
    const inMemory = await fit(a, xs, ys, { epochs: 5, batchSize: 5, shuffle: false, path: 'ops', optimizer, clipNorm: 2 });
    const streamed = await fitDataset(b, matrixDataset(flat(xs), flat(ys), 5), { epochs: 5, optimizer, clipNorm: 2 });
    expect(streamed.epochs.map((e) => e.loss)).toEqual(inMemory.epochs.map((e) => e.loss));
    expect(await weightsOf(b)).toEqual(await weightsOf(a));
    expect(streamed.samples).toBe(5 * rows);
    expect(streamed.path).toBe('ops');
  });

  it('names the epoch and batch of a divergence and restores the start of that epoch', async () => {
    const net = createNetwork(createFloat64Backend(), spec);
    const before = await weightsOf(net);
    // Batch 3 of epoch 1 has a target so large that its squared error overflows.
    const data: Dataset = {
      *batches(): Iterable<Batch> {
        for (let b = 0; b < 4; b++) yield { x: { data: [1, 2], rows: 1, cols: 2 }, y: { data: [b === 2 ? 1e200 : 1], rows: 1, cols: 1 } };
      },
    };
    const error = await fitDataset(net, data, { epochs: 2, optimizer: { kind: 'sgd', lr: 0.1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as NonFiniteLossError).epoch).toBe(1);
    expect((error as NonFiniteLossError).batch).toBe(3);
    expect(await weightsOf(net)).toEqual(before);
  });

  it('refuses what it does not support yet, by name, and bad batches naming epoch and batch', async () => {
    const net = createNetwork(createFloat64Backend(), spec);
    const data = matrixDataset(flat(xs), flat(ys), 4);
    await expect(fitDataset(net, data, { epochs: 1, validationSplit: 0.2 } as never)).rejects.toThrow(/validationSplit is not supported when training from a dataset/);
    await expect(fitDataset(net, data, { epochs: 1, earlyStopping: { patience: 1 } } as never)).rejects.toThrow(/earlyStopping is not supported/);
    const bad: Dataset = { batches: () => [{ x: { data: [1, 2, 3], rows: 1, cols: 3 }, y: { data: [1], rows: 1, cols: 1 } }] };
    await expect(fitDataset(net, bad, { epochs: 1 })).rejects.toThrow(/epoch 1, batch 1 x must have 2 columns, got 3/);
    await expect(fitDataset(net, { batches: () => [] }, { epochs: 1 })).rejects.toThrow(/no batches for epoch 1/);
  });
});

describe('shuffled', () => {
  const ids = { data: Float64Array.from({ length: 50 }, (_, i) => i), rows: 50, cols: 1 };
  const orderOf = async (d: Dataset, epoch: number): Promise<number[]> => {
    const out: number[] = [];
    for await (const b of d.batches(epoch)) out.push(...Array.from(b.x.data as Float64Array));
    return out;
  };

  it('is a permutation, the same for a seed and epoch, another for another epoch or seed', async () => {
    const source = matrixDataset(ids, ids, 7);
    const d = shuffled(source, { bufferSize: 16, seed: 4 });
    const one = await orderOf(d, 1);
    expect([...one].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(one).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await orderOf(d, 1)).toEqual(one);
    expect(await orderOf(d, 2)).not.toEqual(one);
    expect(await orderOf(shuffled(source, { bufferSize: 16, seed: 5 }), 1)).not.toEqual(one);
    // y travels with x.
    for await (const b of d.batches(3)) expect(Array.from(b.y.data as Float64Array)).toEqual(Array.from(b.x.data as Float64Array));
  });
});

describe('fit(network, dataset, options)', () => {
  it('trains a Dataset as fitDataset does', async () => {
    const backend = createFloat64Backend();
    const a = createNetwork(backend, spec);
    const b = createNetwork(backend, spec);
    await fitDataset(a, matrixDataset(flat(xs), flat(ys), 6), { epochs: 3 });
    await fit(b, matrixDataset(flat(xs), flat(ys), 6), { epochs: 3 });
    expect(await weightsOf(b)).toEqual(await weightsOf(a));
  });
});
