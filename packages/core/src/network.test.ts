/**
 * The article's 1-2-2 network, every number worked out by hand (the same literals as the
 * conformance suite's article case), on core's float64 test backend through each of the three
 * ways core runs its programs: the reference on primitives, a backend's `elementwise` (core's
 * JavaScript kernels) and the fused host path.
 *   x = 0.5, y = [1, 0]; Wh = [[0.4, 0.6]], bh = [0.1, 0.1] → Zh = Ah = [0.3, 0.4]
 *   Wo = [[0.5, −0.2], [0.3, 0.8]], bo = [0.1, 0.1] → Zo = Ao = [0.37, 0.36]
 *   loss = 0.5·((0.37 − 1)² + 0.36²) = 0.26325; Eo = [−0.63, 0.36]; Eh = [−0.387, 0.099]
 *   after one SGD step, lr 0.1: Wh = [[0.41935, 0.59505]], bo = [0.163, 0.064]
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { fit } from './fit.js';
import { createNetwork, PREDICT_ROWS, type Network } from './network.js';
import { sgd } from './optimizers.js';
import { createFloat64Backend } from './test-support/float64-backend.js';
import { createHostStorageBackend } from './test-support/host-storage-backend.js';

const BACKENDS: [string, () => Backend][] = [
  ['reference on primitives', () => createFloat64Backend()],
  ['elementwise (JS kernels)', () => createFloat64Backend({ elementwise: true })],
  ['host path', () => createHostStorageBackend()],
];

function article(backend: Backend): Network {
  const net = createNetwork(backend, { inputSize: 1, layers: [{ units: 2, activation: 'relu' }, { units: 2, activation: 'relu' }], loss: 'mse' });
  net.setLayerWeights(0, [[0.4, 0.6]], [0.1, 0.1]);
  net.setLayerWeights(1, [[0.5, -0.2], [0.3, 0.8]], [0.1, 0.1]);
  return net;
}

const close = (got: ArrayLike<number>, want: readonly number[]): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
};

describe.each(BACKENDS)("the article's network, %s", (_, make) => {
  it('forward, loss, gradients and one SGD step by hand', async () => {
    const backend = make();
    const net = article(backend);
    close((await net.predict([[0.5]]))[0]!, [0.37, 0.36]);
    const x = backend.fromArray([0.5], 1, 1);
    const y = backend.fromArray([1, 0], 1, 2);
    const g = net.gradients(x, y);
    close(await backend.read(g.loss), [0.26325]);
    close(await backend.read(g.dW[1]!), [-0.189, 0.108, -0.252, 0.144]);
    close(await backend.read(g.db[1]!), [-0.63, 0.36]);
    close(await backend.read(g.dW[0]!), [-0.1935, 0.0495]);
    close(await backend.read(g.db[0]!), [-0.387, 0.099]);
    for (const m of [g.loss, ...g.dW, ...g.db, x, y]) backend.dispose(m);

    const history = await fit(net, [[0.5]], [[1, 0]], { epochs: 1, batchSize: 1, optimizer: sgd(0.1), shuffle: false });
    close([history.epochs[0]!.loss], [0.26325]);
    const w = await net.getWeights();
    close(w[0]!.w, [0.41935, 0.59505]);
    close(w[0]!.b, [0.1387, 0.0901]);
    close(w[1]!.w, [0.5189, -0.2108, 0.3252, 0.7856]);
    close(w[1]!.b, [0.163, 0.064]);
    net.dispose();
    expect(backend.liveHandles(), 'nothing leaked').toBe(0);
  });
});

describe('the three paths train the same network to the same weights', () => {
  for (const activation of ['gelu', 'elu', 'softplus'] as const) {
    it(`2-5-3 ${activation}/softmax, adam, 20 epochs`, async () => {
      const weights: number[][] = [];
      for (const [, make] of BACKENDS) {
        const net = createNetwork(make(), {
          inputSize: 2,
          layers: [{ units: 5, activation }, { units: 3, activation: 'softmax' }],
          loss: 'softmaxCrossEntropy',
          seed: 5,
        });
        const x = [[0, 1], [1, 0], [1, 1], [0.5, -1], [-1, 0.25], [0.2, 0.2]];
        const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
        await fit(net, x, y, { epochs: 20, batchSize: 3, optimizer: { kind: 'adam', lr: 0.05 }, seed: 1 });
        weights.push((await net.getWeights()).flatMap((l) => [...l.w, ...l.b]));
        net.dispose();
      }
      for (const other of weights.slice(1)) other.forEach((v, i) => expect(v).toBeCloseTo(weights[0]![i]!, 10));
    });
  }
});

describe('predictFlat on more rows than it runs at once', () => {
  it('gives every row what a small call gives it, and leaves no handle behind', async () => {
    const backend = createFloat64Backend();
    const net = createNetwork(backend, { inputSize: 3, layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'linear' }], loss: 'mse', seed: 5 });
    const rows = PREDICT_ROWS * 2 + 123;
    const x = Float64Array.from({ length: rows * 3 }, (_, i) => Math.sin(i * 0.37));
    const live = backend.liveHandles();
    const all = await net.predictFlat({ data: x, rows, cols: 3 });
    expect(backend.liveHandles()).toBe(live);
    expect(all.rows).toBe(rows);
    expect(all.data).toHaveLength(rows * 2);
    for (const start of [0, PREDICT_ROWS - 1, PREDICT_ROWS, rows - 7]) {
      const part = await net.predictFlat({ data: x.subarray(start * 3, (start + 7) * 3), rows: 7, cols: 3 });
      expect(Array.from(all.data.subarray(start * 2, (start + 7) * 2)), `rows ${start}..${start + 6}`).toEqual(Array.from(part.data));
    }
    net.dispose();
  });
});
