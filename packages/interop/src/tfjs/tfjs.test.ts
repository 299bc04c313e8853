/**
 * The TF.js layers format against TensorFlow.js itself (tfjs-node, built by setup): every
 * exported model loads with `tf.loadLayersModel` unchanged and predicts what backprop predicts;
 * a network built and trained in tfjs-layers and saved with `model.save('file://…')` imports,
 * predicts the same, and fine-tunes with core's fit; bad files are refused naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVATIONS, adam, evaluate, fit, LOSSES } from '@backprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteropError, UnsupportedModelError } from '../errors.js';
import { networkFromPortable, portableFromNetwork } from '../model.js';
import { readTfjsLayers, saveTfjsLayers } from '../node.js';
import { makeBackend, randomRows, trainedNetwork } from '../test-support/models.js';
import { expectClose } from '../test-support/tolerance.js';
import { exportTfjsLayers } from './export.js';

type Tf = typeof import('@tensorflow/tfjs-node');
let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'backprop-tfjs-'));
let dirs = 0;
const freshDir = (): string => join(dir, `m${dirs++}`);

beforeAll(async () => {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  tf = await import('@tensorflow/tfjs-node');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tfjsPredict(modelJson: string, x: number[][]): Promise<number[]> {
  const model = await tf.loadLayersModel(`file://${modelJson}`);
  const input = tf.tensor2d(x);
  const out = model.predict(input) as import('@tensorflow/tfjs-node').Tensor;
  const values = Array.from(await out.data());
  tf.dispose([input, out]);
  model.layers.forEach((l) => l.dispose());
  return values;
}

describe('exportTfjsLayers → tf.loadLayersModel (tfjs-node)', () => {
  it.each(['js', 'wasm'] as const)('every activation and loss output predicts as backprop (trained on %s)', async (backendName) => {
    const backend = await makeBackend(backendName);
    for (const activation of ACTIVATIONS.filter((a) => a !== 'gelu')) {
      for (const loss of LOSSES) {
        // tfjs-layers' ELU supports only α = 1 (refused otherwise, tested below).
        const net = await trainedNetwork(backend, activation, loss, 1, activation === 'elu' ? 1 : 0.2);
        const x = randomRows(12, 3, 9);
        const { modelJson } = await saveTfjsLayers(await portableFromNetwork(net), freshDir());
        expectClose(await tfjsPredict(modelJson, x), (await net.predict(x)).flat(), `${activation}/${loss} on ${backendName}`);
        net.dispose();
      }
    }
  });

  it('refuses what tfjs-layers cannot load: elu with α ≠ 1, gelu', async () => {
    const elu = await portableFromNetwork(await trainedNetwork(await makeBackend('js'), 'elu', 'mse', 1, 0.5));
    expect(() => exportTfjsLayers(elu)).toThrow(/exportTfjsLayers: layers\[0\]\.alpha is 0.5: tfjs-layers' ELU supports only α = 1/);
    const gelu = await portableFromNetwork(await trainedNetwork(await makeBackend('js'), 'gelu', 'mse'));
    expect(() => exportTfjsLayers(gelu)).toThrow(/exportTfjsLayers: layers\[0\]\.activation is gelu: tfjs-layers 4.22 cannot load/);
  });
});

/** The parts of model.json the refusal tests edit. */
interface EditableModelJson {
  modelTopology: { class_name: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
}

describe('importTfjsLayers', () => {
  it('a tfjs-layers network saved with model.save imports, predicts the same, and fine-tunes with core', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }));
    model.add(tf.layers.dense({ units: 6, activation: 'linear' }));
    model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
    model.add(tf.layers.dropout({ rate: 0.2 }));
    model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
    const x = randomRows(60, 3, 21);
    const y = x.map((r) => {
      const k = r[0]! + r[1]! < -0.5 ? 0 : r[2]! > 0 ? 1 : 2;
      return [0, 1, 2].map((c) => (c === k ? 1 : 0));
    });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    await model.fit(xs, ys, { epochs: 20, batchSize: 16, verbose: 0 });
    const target = freshDir();
    await model.save(`file://${target}`);
    const expected = Array.from(await (model.predict(xs) as import('@tensorflow/tfjs-node').Tensor).data());

    const imported = await readTfjsLayers(join(target, 'model.json'));
    expect(imported.layers.map((l) => [l.activation, l.units, l.dropout ?? 0])).toEqual([
      ['relu', 8, 0],
      ['leakyRelu', 6, 0.2],
      ['softmax', 3, 0],
    ]);
    expect(imported.layers[1]!.alpha).toBeCloseTo(0.1, 6);
    expect(imported.loss).toBe('softmaxCrossEntropy');
    for (const backendName of ['js', 'wasm'] as const) {
      const { network } = networkFromPortable(imported, await makeBackend(backendName));
      expectClose((await network.predict(x)).flat(), expected, `tfjs-layers model on ${backendName}`);
      const before = await evaluate(network, x, y);
      await fit(network, x, y, { epochs: 30, batchSize: 16, optimizer: adam(0.01), seed: 1 });
      expect((await evaluate(network, x, y)).loss).toBeLessThan(before.loss);
    }
    tf.dispose([xs, ys]);
  });

  it('reads back what exportTfjsLayers writes: weights bit for bit', async () => {
    const net = await trainedNetwork(await makeBackend('js'), 'silu', 'softmaxCrossEntropy');
    const original = await portableFromNetwork(net);
    const target = freshDir();
    await saveTfjsLayers(original, target);
    const back = await readTfjsLayers(join(target, 'model.json'));
    expect(back.layers.map((l) => l.activation)).toEqual(['silu', 'silu', 'softmax']);
    back.layers.forEach((l, i) => expect(l.w).toEqual(original.layers[i]!.w));
  });

  it('refuses other layers, functional models, escaping paths and truncated weights, naming the field', async () => {
    const net = await portableFromNetwork(await trainedNetwork(await makeBackend('js'), 'relu', 'mse'));
    const write = async (edit: (json: EditableModelJson) => void, weights?: (b: Buffer) => Buffer): Promise<string> => {
      const target = freshDir();
      const { modelJson, weights: bin } = await saveTfjsLayers(net, target);
      const json = JSON.parse(readFileSync(modelJson, 'utf8')) as EditableModelJson;
      edit(json);
      writeFileSync(modelJson, JSON.stringify(json));
      if (weights) writeFileSync(bin, weights(readFileSync(bin)));
      return modelJson;
    };
    await expect(readTfjsLayers(await write((j) => (j.modelTopology.config.layers[1]!.class_name = 'Conv2D')))).rejects.toThrow(UnsupportedModelError);
    await expect(readTfjsLayers(await write((j) => (j.modelTopology.config.layers[1]!.class_name = 'LSTM')))).rejects.toThrow(/importTfjsLayers: modelTopology\.config\.layers\[1\] LSTM "dense_2" is not supported; backprop imports a Sequential model of Dense layers/);
    await expect(readTfjsLayers(await write((j) => (j.modelTopology.class_name = 'Model')))).rejects.toThrow(/modelTopology\.class_name is "Model": only Sequential models/);
    await expect(readTfjsLayers(await write((j) => (j.modelTopology.config.layers[0]!.config.activation = 'gelu')))).rejects.toThrow(/'gelu', tfjs's erf GELU/);
    await expect(readTfjsLayers(await write((j) => (j.weightsManifest[0]!.paths = ['../../etc/passwd'])))).rejects.toThrow(/weightsManifest\[0\]\.paths\[0\] must be a plain file name/);
    await expect(readTfjsLayers(await write(() => undefined, (b) => b.subarray(0, b.length - 4)))).rejects.toThrow(/weightsManifest\[0\]\.paths hold \d+ bytes, but the manifest's weights need \d+: truncated/);
    await expect(readTfjsLayers(await write((j) => (j.weightsManifest[0]!.weights[0]!.shape = [1e9, 1e9])))).rejects.toThrow(InteropError);
  });
});
