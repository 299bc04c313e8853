// Core behaviour that does not vary by backend (fit options, callbacks, early stopping, files),
// tested on backend-js. It lives here because core cannot depend on a backend package.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { accuracy, adam, createNetwork, createOptimizer, evaluate, fit, ModelFormatError, modelFromJSON, modelToObject, sgd, type Network } from '@backprop/core';
import { loadModel, readModel, saveModel } from '@backprop/core/node';
import { describe, expect, it } from 'vitest';

const backend = createJsBackend();
const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [[0], [1], [1], [0]];

function blobs(n: number): { x: number[][]; y: number[][] } {
  // Two separable classes: one-hot targets by the sign of x0 + x1.
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.sin(i * 12.9898) * 2;
    const b = Math.cos(i * 78.233) * 2;
    x.push([a, b]);
    y.push(a + b > 0 ? [1, 0] : [0, 1]);
  }
  return { x, y };
}

function classifier(): Network {
  return createNetwork(backend, { inputSize: 2, layers: [{ units: 8 }, { units: 2, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 2 });
}

describe('fit', () => {
  it('reports validation loss and accuracy per epoch and learns a separable problem', async () => {
    const { x, y } = blobs(200);
    const net = classifier();
    const h = await fit(net, x.slice(0, 150), y.slice(0, 150), { epochs: 30, batchSize: 16, optimizer: adam(0.02), validationData: [x.slice(150), y.slice(150)] });
    expect(h.epochs).toHaveLength(30);
    expect(h.epochs[29]!.valLoss).toBeLessThan(h.epochs[0]!.valLoss!);
    expect(h.epochs[29]!.valAccuracy).toBeGreaterThanOrEqual(0.95);
    const e = await evaluate(net, x.slice(150), y.slice(150));
    expect(e.accuracy).toBe(h.epochs[29]!.valAccuracy);
    net.dispose();
  });

  it('reports accuracy for an MSE network under the rule asked for, and computes it from arrays', async () => {
    const net = createNetwork(backend, { inputSize: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
    await fit(net, XOR_X, XOR_Y, { epochs: 300, batchSize: 4, optimizer: adam(0.05) });
    expect((await evaluate(net, XOR_X, XOR_Y)).accuracy).toBeUndefined();
    expect((await evaluate(net, XOR_X, XOR_Y, { accuracy: 'threshold' })).accuracy).toBe(1);
    await expect(evaluate(net, XOR_X, XOR_Y, { accuracy: 'top5' as never })).rejects.toThrow(`evaluate: accuracy must be 'argmax' or 'threshold', got "top5"`);
    expect(accuracy('argmax', [0.1, 0.9, 0.8, 0.2], [0, 1, 0, 1], 2, 2)).toBe(0.5);
    expect(accuracy('threshold', [0.6, 0.4, 0.7, 0.1], [1, 0, 1, 1], 2, 2)).toBe(0.5);
    net.dispose();
  });

  it('calls onBatchEnd with a readable loss and stops when asked', async () => {
    const net = classifier();
    const { x, y } = blobs(40);
    const seen: { epoch: number; batch: number; loss: number }[] = [];
    const h = await fit(net, x, y, {
      epochs: 10,
      batchSize: 10,
      onBatchEnd: async (info, stop) => {
        seen.push({ epoch: info.epoch, batch: info.batch, loss: await info.loss() });
        if (info.epoch === 2 && info.batch === 4) stop();
      },
    });
    expect(seen).toHaveLength(8);
    expect(seen.every((s) => Number.isFinite(s.loss) && s.loss > 0)).toBe(true);
    expect(h.epochs).toHaveLength(2);
    expect(h.stoppedEarly).toBe(true);
    net.dispose();
  });

  it('stops early when the monitored loss stops improving', async () => {
    const net = createNetwork(backend, { inputSize: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    // A learning rate this small makes progress below minDelta at once.
    const h = await fit(net, XOR_X, XOR_Y, { epochs: 100, batchSize: 4, optimizer: sgd(1e-6), earlyStopping: { patience: 3, minDelta: 1e-3 } });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs.length).toBe(4);
    net.dispose();
  });

  it('onEpochEnd returning false stops training', async () => {
    const net = classifier();
    const { x, y } = blobs(20);
    const h = await fit(net, x, y, { epochs: 10, onEpochEnd: (info) => info.epoch < 3 });
    expect(h.epochs).toHaveLength(3);
    net.dispose();
  });

  it('is deterministic for a seed, and the shuffle seed matters', async () => {
    const { x, y } = blobs(64);
    const run = async (seed: number): Promise<number[]> => {
      const net = classifier();
      await fit(net, x, y, { epochs: 2, batchSize: 8, seed, optimizer: sgd(0.1), path: 'ops' });
      const w = Array.from((await net.getWeights())[0]!.w);
      net.dispose();
      return w;
    };
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });

  it('an optimizer state passed in carries Adam across fit calls, on both paths', async () => {
    const { x, y } = blobs(48);
    for (const path of ['auto', 'ops'] as const) {
      const weightsAfter = async (split: boolean): Promise<number[]> => {
        const net = classifier();
        const state = createOptimizer(net, adam(0.01));
        if (split) {
          await fit(net, x, y, { epochs: 2, batchSize: 8, optimizer: state, shuffle: false, path });
          await fit(net, x, y, { epochs: 1, batchSize: 8, optimizer: state, shuffle: false, path });
        } else {
          await fit(net, x, y, { epochs: 3, batchSize: 8, optimizer: state, shuffle: false, path });
        }
        expect(state.step).toBe(18);
        const w = Array.from((await net.getWeights())[0]!.w);
        state.dispose();
        net.dispose();
        return w;
      };
      // Three epochs in one call or split 2 + 1 over two calls give the same weights.
      expect(await weightsAfter(true), path).toEqual(await weightsAfter(false));
    }
  });

  it('setLearningRate changes the step size and refuses bad rates', async () => {
    const net = classifier();
    const state = createOptimizer(net, sgd(0.1));
    state.setLearningRate(0.05);
    expect(state.spec.lr).toBe(0.05);
    expect(() => state.setLearningRate(0)).toThrow('setLearningRate: learning rate must be a finite number > 0, got 0');
    const other = classifier();
    await expect(fit(other, [[1, 2]], [[1, 0]], { epochs: 1, optimizer: state })).rejects.toThrow('fit: the optimizer state was created for another network');
    state.dispose();
    net.dispose();
    other.dispose();
  });

  it('caps the batch size at the number of samples', async () => {
    const net = classifier();
    const h = await fit(net, [[1, 2]], [[1, 0]], { epochs: 1, batchSize: 1000 });
    expect(h.samples).toBe(1);
    net.dispose();
  });
});

describe('saving and loading models', () => {
  it('round-trips float32 weights bit-exactly through a file, atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backprop-'));
    const net = classifier();
    await fit(net, ...Object.values(blobs(32)) as [number[][], number[][]], { epochs: 2 });
    const path = join(dir, 'model.json');
    await saveModel(net, path);
    expect(await readdir(dir)).toEqual(['model.json']); // no temporary file left behind
    const loaded = await loadModel(path, backend);
    const withMeta = await readModel(path, backend);
    expect(withMeta.meta).toMatchObject({ backend: 'js', engine: 'float32', precision: 'float32' });
    withMeta.network.dispose();
    const [a, b] = [await net.getWeights(), await loaded.getWeights()];
    expect(b.map((l) => Array.from(l.w))).toEqual(a.map((l) => Array.from(l.w)));
    expect(b.map((l) => Array.from(l.b))).toEqual(a.map((l) => Array.from(l.b)));
    expect(loaded.spec).toEqual(net.spec);
    net.dispose();
    loaded.dispose();
  });

  it('refuses truncated, mismatched or malformed files with a clear message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backprop-'));
    const net = classifier();
    const path = join(dir, 'model.json');
    await saveModel(net, path);
    const text = await readFile(path, 'utf8');
    await writeFile(join(dir, 'truncated.json'), text.slice(0, text.length / 2));
    await expect(loadModel(join(dir, 'truncated.json'), backend)).rejects.toThrow(/^loadModel: not valid JSON .*truncated/);
    await expect(loadModel(join(dir, 'missing.json'), backend)).rejects.toThrow(/^loadModel: cannot read .*missing\.json: ENOENT/);

    const obj = await modelToObject(net);
    const variants: [string, (m: Record<string, unknown>) => void, RegExp][] = [
      ['future version', (m) => (m.version = 99), /version 99 is not supported/],
      ['wrong shape', (m) => ((m.weights as { w: { shape: number[] } }[])[0]!.w.shape = [3, 8]), /weights\[0\]\.w\.shape must be \[2,8\] to fit the network, got \[3,8\]/],
      ['short data', (m) => ((m.weights as { b: { data: string } }[])[1]!.b.data = 'AAAA'), /weights\[1\]\.b\.data must hold 2 float32 values \(8 bytes\), got 3 bytes/],
      ['bad base64', (m) => ((m.weights as { b: { data: string } }[])[1]!.b.data = '!!!!'), /weights\[1\]\.b\.data is not valid base64/],
      ['missing layer', (m) => (m.weights as unknown[]).pop(), /weights must list 2 layers/],
      ['unknown activation', (m) => ((m.network as { layers: { activation: string }[] }).layers[0]!.activation = 'swish'), /network\.layers\[0\]\.activation must be one of/],
    ];
    for (const [label, mutate, pattern] of variants) {
      const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
      mutate(copy);
      expect(() => modelFromJSON(JSON.stringify(copy), backend), label).toThrow(ModelFormatError);
      expect(() => modelFromJSON(JSON.stringify(copy), backend), label).toThrow(pattern);
    }
    net.dispose();
  });

  it('fit called once per epoch with changing batch sizes and optimizers: the host path (which reuses its step between calls) matches the per-operation path', async () => {
    const { x, y } = blobs(24);
    const [host, ops] = [classifier(), classifier()];
    // Batch sizes grow and shrink under one optimizer kind: a step or scratch kept from a call
    // with other sizes would compute garbage.
    const calls: [number, ReturnType<typeof sgd>][] = [[2, sgd(0.1)], [2, sgd(0.1)], [8, sgd(0.1)], [8, adam(0.01)], [4, adam(0.01)], [16, adam(0.01)], [3, sgd(0.05)], [24, sgd(0.05)]];
    for (const [i, [batchSize, optimizer]] of calls.entries()) {
      const h = await fit(host, x, y, { epochs: 1, batchSize, optimizer, seed: i });
      await fit(ops, x, y, { epochs: 1, batchSize, optimizer, seed: i, path: 'ops' });
      expect(h.path).toBe('host');
    }
    const [a, b] = [await host.getWeights(), await ops.getWeights()];
    a.forEach((layer, l) => {
      Array.from(layer.w).forEach((v, k) => expect(v).toBeCloseTo(b[l]!.w[k]!, 4));
      Array.from(layer.b).forEach((v, k) => expect(v).toBeCloseTo(b[l]!.b[k]!, 4));
    });
    host.dispose();
    ops.dispose();
  });

  it('a schedule that gives a bad learning rate is named, with the epoch', async () => {
    const net = classifier();
    const { x, y } = blobs(20);
    await expect(fit(net, x, y, { epochs: 3, schedule: (epoch) => (epoch === 2 ? NaN : 0.01) })).rejects.toThrow('fit: schedule gave learning rate NaN for epoch 2; it must be a finite number > 0');
    net.dispose();
  });

  it('writes format version 2 and still reads a version 1 file (written before dropout, new activations and preprocessing)', async () => {
    const net = classifier();
    const obj = await modelToObject(net);
    expect(obj.version).toBe(2);
    const v1 = { ...obj, version: 1 };
    const loaded = modelFromJSON(JSON.stringify(v1), backend);
    expect(await loaded.predict([[0.5, -0.25]])).toEqual(await net.predict([[0.5, -0.25]]));
    net.dispose();
    loaded.dispose();
  });

  it('refuses to save non-finite weights and leaves the previous file intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backprop-'));
    const path = join(dir, 'model.json');
    const net = classifier();
    await saveModel(net, path);
    const good = await readFile(path, 'utf8');
    net.setLayerWeights(0, new Array<number>(16).fill(0), new Array<number>(8).fill(0));
    // setLayerWeights validates too; corrupt the storage directly to simulate a diverged run.
    backend.hostArray(net.layers[0]!.w)[3] = NaN;
    await expect(saveModel(net, path)).rejects.toThrow(/^saveModel: layer 0 w value 3 is NaN: refusing to save a model with non-finite weights/);
    expect(await readFile(path, 'utf8')).toBe(good);
    net.dispose();
  });
});
