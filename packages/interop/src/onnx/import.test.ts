/**
 * importOnnx: scikit-learn MLPClassifiers exported by skl2onnx (fixtures/, made by
 * fixtures/make_fixtures.py) predict what scikit-learn predicted, on backend-js and backend-wasm,
 * and fine-tune; every exportOnnx file reads back to the same network; everything else is refused
 * naming the node.
 */
import { readFileSync } from 'node:fs';
import { ACTIVATIONS, adam, fit, LOSSES } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.js';
import { networkFromPortable, portableFromNetwork } from '../model.js';
import { hostileTable, makeBackend, trainedNetwork, trainedOnTable, type BackendName } from '../test-support/models.js';
import { exportOnnx } from './export.js';
import { GraphBuilder, valueInfo } from './graph-builder.js';
import { importOnnx } from './import.js';
import { DataType, modelProto } from './proto.js';

const fixture = (name: string): URL => new URL(`../../fixtures/${name}`, import.meta.url);

interface Expected {
  classes: string[];
  inputs: number[][];
  probabilities: number[][];
}

describe('importOnnx: scikit-learn MLPClassifier through skl2onnx', () => {
  for (const activation of ['relu', 'tanh', 'logistic']) {
    it.each(['js', 'wasm'] as BackendName[])(`${activation} hidden layers predict as scikit-learn did, on %s, then fine-tune`, async (backendName) => {
      const expected = JSON.parse(readFileSync(fixture(`sklearn-mlp-${activation}.expected.json`), 'utf8')) as Expected;
      const { model, notes } = importOnnx(readFileSync(fixture(`sklearn-mlp-${activation}.onnx`)));
      expect(model.classes).toEqual(expected.classes);
      expect(model.layers.at(-1)!.activation).toBe('softmax');
      expect(model.loss).toBe('softmaxCrossEntropy');
      expect(notes.join()).toMatch(/not on the path/);
      const { network } = networkFromPortable(model, await makeBackend(backendName));
      const got = (await network.predict(expected.inputs)).flat();
      // scikit-learn computes in float64, backprop in float32: a few float32 roundings apart.
      const want = expected.probabilities.flat();
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `value ${i}`).toBeLessThan(1e-5);
      const targets = expected.inputs.map((_, r) => {
        const best = expected.probabilities[r]!.indexOf(Math.max(...expected.probabilities[r]!));
        return expected.classes.map((_, k) => (k === best ? 1 : 0));
      });
      const history = await fit(network, expected.inputs, targets, { epochs: 3, batchSize: 30, optimizer: adam(0.001) });
      expect(history.epochs.at(-1)!.loss).toBeLessThan(history.epochs[0]!.loss * 1.05);
      expect((await network.predict(expected.inputs)).flat()).not.toEqual(got);
    });
  }
});

describe('importOnnx reads back what exportOnnx writes', () => {
  it('every activation and loss: the same layers, weights bit for bit, and loss', async () => {
    const backend = await makeBackend('js');
    for (const activation of ACTIVATIONS) {
      for (const loss of LOSSES) {
        const original = await portableFromNetwork(await trainedNetwork(backend, activation, loss));
        const { model } = importOnnx(exportOnnx(original));
        expect(model.loss).toBe(loss);
        expect(model.layers.map((l) => [l.activation, l.units, l.inputs])).toEqual(original.layers.map((l) => [l.activation, l.units, l.inputs]));
        model.layers.forEach((l, i) => {
          expect(l.w).toEqual(original.layers[i]!.w);
          expect(l.b).toEqual(original.layers[i]!.b);
          if (l.activation === 'leakyRelu' || l.activation === 'elu') expect(l.alpha).toBeCloseTo(original.layers[i]!.alpha, 6);
        });
      }
    }
  });

  it('with preprocessing: the network between preprocessing and outputs, and the preprocessing from metadata', async () => {
    const { network, pre } = await trainedOnTable(await makeBackend('js'), hostileTable('classification'), 'classification');
    const original = await portableFromNetwork(network, { preprocessing: pre.toJSON() });
    const { model } = importOnnx(exportOnnx(original));
    expect(model.preprocessing).toEqual(pre.toJSON());
    expect(model.layers[0]!.w).toEqual(original.layers[0]!.w);
  });
});

/** A graph from input [N, 3] through `build`, to output `y`. */
function graphFile(build: (g: GraphBuilder) => string, inputs = [valueInfo('x', DataType.FLOAT, 3)]): Uint8Array {
  const g = new GraphBuilder();
  const out = build(g);
  g.node('Identity', [out], {}, 'y');
  const type = modelProto();
  return type.encode(type.fromObject({ ir_version: 10, opset_import: [{ domain: '', version: 21 }], graph: { node: g.nodes, initializer: g.initializers, input: inputs, output: [valueInfo('y', DataType.FLOAT, 2)] } })).finish();
}

const gemm = (g: GraphBuilder, x: string): string => g.node('Gemm', [x, g.float('w', [3, 2], new Float32Array(6).fill(0.5)), g.float('b', [2], new Float32Array(2))]);

describe('importOnnx refuses what is not a dense network, naming the node', () => {
  it('reads MatMul + Add, Gemm with transB, and x·Sigmoid(x)', () => {
    const file = graphFile((g) => {
      const mm = g.node('MatMul', ['x', g.float('w', [3, 4], Float32Array.from({ length: 12 }, (_, i) => i))]);
      const z = g.node('Add', [mm, g.float('b', [4], Float32Array.of(1, 2, 3, 4))]);
      const a = g.node('Mul', [z, g.node('Sigmoid', [z])]);
      return g.node('Gemm', [a, g.float('w2', [2, 4], Float32Array.from({ length: 8 }, (_, i) => i)), g.float('b2', [2], Float32Array.of(5, 6))], { transB: { int: 1 } });
    });
    const { model } = importOnnx(file);
    expect(model.layers.map((l) => l.activation)).toEqual(['silu', 'linear']);
    expect(Array.from(model.layers[1]!.w)).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
    expect(Array.from(model.layers[0]!.b)).toEqual([1, 2, 3, 4]);
  });

  const refusals: [string, (g: GraphBuilder) => string, RegExp][] = [
    ['a convolution', (g) => gemm(g, g.node('Conv', ['x', g.float('k', [1, 1, 1], Float32Array.of(1))])), /graph\.node\[0\] "backprop\/Conv_node_\d+" \(Conv\) this operator is not supported; backprop imports feed-forward networks of dense layers: Gemm/],
    ['an LSTM', (g) => g.node('LSTM', ['x']), /\(LSTM\) this operator is not supported/],
    ['the erf GELU', (g) => g.node('Gelu', [gemm(g, 'x')]), /\(Gelu\) approximate="none" is the erf GELU/],
    ['an activation core lacks', (g) => g.node('Selu', [gemm(g, 'x')]), /\(Selu\) this operator is not supported/],
    ['two activations in a row', (g) => g.node('Relu', [g.node('Tanh', [gemm(g, 'x')])]), /\(Relu\) an activation must follow a dense layer directly/],
    ['leakyRelu beyond [0, 1]', (g) => g.node('LeakyRelu', [gemm(g, 'x')], { alpha: 1.5 }), /alpha 1.5 is outside \[0, 1\]/],
    ['computed weights', (g) => g.node('MatMul', ['x', g.node('Relu', ['x'])]), /tensor "x" feeds 2 nodes|computed, not a constant/],
  ];
  for (const [what, build, message] of refusals) {
    it(`refuses ${what}`, () => {
      const run = (): unknown => importOnnx(graphFile(build));
      expect(run).toThrow(UnsupportedModelError);
      expect(run).toThrow(message);
    });
  }

  it('refuses a graph with two inputs, and garbage bytes, with typed errors', () => {
    expect(() => importOnnx(graphFile((g) => gemm(g, 'x'), [valueInfo('x', DataType.FLOAT, 3), valueInfo('z', DataType.FLOAT, 3)]))).toThrow(/importOnnx: graph.input lists 2 inputs/);
    expect(() => importOnnx(new TextEncoder().encode('{"format": "backprop-model"}'))).toThrow(/importOnnx: (file is not an ONNX model|graph is missing)/);
    expect(() => importOnnx(new Uint8Array(10), { maxBytes: 5 })).toThrow(/importOnnx: file is 10 bytes, more than the 5 accepted/);
    expect(() => importOnnx(graphFile((g) => gemm(g, 'x'), [valueInfo('x', DataType.FLOAT, 4)]))).toThrow(/importOnnx: graph.input\[0\] declares 4 features, but the first layer's weights have 3 rows/);
  });
});

describe('importOnnx on a long graph', () => {
  it('reads a chain of 20,000 Identity nodes in linear time', () => {
    const file = graphFile((g) => {
      let x = 'x';
      for (let i = 0; i < 20_000; i++) x = g.node('Identity', [x]);
      return gemm(g, x);
    });
    const started = performance.now();
    expect(importOnnx(file).model.layers).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
