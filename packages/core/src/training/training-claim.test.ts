import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { fit } from '../fit.js';
import { createNetwork } from '../network.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';
import type { FitOptions } from './fit-options.js';

const spec = { inputSize: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const, seed: 7 };
const x = Array.from({ length: 10 }, (_, i) => [Math.sin(i), Math.cos(i)]);
const y = x.map(([a, b]) => [a! * b!]);
const options: FitOptions = { epochs: 4, batchSize: 3, optimizer: { kind: 'sgd', lr: 0.1 }, seed: 2 };
const name = 'the 2-4-1 network (tanh, linear)';

describe.each<[string, () => Backend]>([
  ['host storage', createHostStorageBackend],
  ['no host storage', createFloat64Backend],
])("a network's training state belongs to one fit (%s)", (_, makeBackend) => {
  it('refuses a second fit while the first runs, naming the network; the first is unharmed and the network free again after', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, spec);
    const alone = createNetwork(backend, spec);
    const expected = await fit(alone, x, y, options);
    const first = fit(net, x, y, options);
    await expect(fit(net, x, y, options)).rejects.toThrow(`fit: ${name} is already being trained by a fit call that has not finished; await it before starting another`);
    expect((await first).epochs.map((e) => e.loss)).toEqual(expected.epochs.map((e) => e.loss));
    expect(await net.getWeights()).toEqual(await alone.getWeights());
    // Released after success and after a refusal of bad options alike.
    await expect(fit(net, x, y, { ...options, epochs: 0 })).rejects.toThrow('fit: epochs must be a positive integer, got 0');
    await expect(fit(net, x, y, options)).resolves.toBeDefined();
    net.dispose();
    alone.dispose();
  });

  it('dispose during fit ends it at the next step boundary with an error naming the network, leaking nothing', async () => {
    const backend = makeBackend();
    const inCallback = createNetwork(backend, spec);
    await expect(fit(inCallback, x, y, { ...options, onEpochEnd: (info) => void (info.epoch === 2 && inCallback.dispose()) })).rejects.toThrow(
      `fit: ${name} was disposed during training, after 2 completed epochs; training stopped`,
    );
    const fromOutside = createNetwork(backend, spec);
    const running = fit(fromOutside, x, y, options);
    fromOutside.dispose();
    // How far it got depends on the path (the host path may have run every epoch before it first waits).
    await expect(running).rejects.toThrow(new RegExp(`^fit: ${name.replace(/[()]/g, '\\$&')} was disposed during training, after [0-4] completed epochs?; training stopped$`));
    expect(backend.liveHandles()).toBe(0);
  });

  it('predict during fit sees the parameters after the last completed step', async () => {
    const backend = makeBackend();
    const net = createNetwork(backend, spec);
    let seenAtEpoch2: number[][] | undefined;
    await fit(net, x, y, { ...options, onEpochEnd: async (info) => void (info.epoch === 2 && (seenAtEpoch2 = await net.predict(x))) });
    const twoEpochs = createNetwork(backend, spec);
    await fit(twoEpochs, x, y, { ...options, epochs: 2 });
    expect(seenAtEpoch2).toEqual(await twoEpochs.predict(x));
    net.dispose();
    twoEpochs.dispose();
  });
});
