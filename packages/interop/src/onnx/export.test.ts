/**
 * Every exported ONNX model runs in onnxruntime-node and predicts what backprop predicts: each
 * activation, each loss's output layer, with and without preprocessing, trained on backend-js
 * and backend-wasm. The largest difference per activation is printed for the README.
 */
import { ACTIVATIONS, LOSSES } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { portableFromNetwork } from '../model.js';
import { HOSTILE_NAMES, hostileTable, makeBackend, maxAbsDiff, randomRows, trainedNetwork, trainedOnTable, withEmptyCells, type BackendName } from '../test-support/models.js';
import { runPlain, runTable } from '../test-support/onnx-runtime.js';
import { expectClose } from '../test-support/tolerance.js';
import { exportOnnx } from './export.js';

const BACKENDS: BackendName[] = ['js', 'wasm'];
const largest: Record<string, number> = {};

describe.each(BACKENDS)('exportOnnx → onnxruntime-node, trained on %s', (backendName) => {
  for (const activation of ACTIVATIONS) {
    it(`hidden ${activation}, every loss's output layer`, async () => {
      const backend = await makeBackend(backendName);
      for (const loss of LOSSES) {
        const net = await trainedNetwork(backend, activation, loss);
        const x = randomRows(25, 3, 7);
        const expected = (await net.predict(x)).flat();
        const out = await runPlain(exportOnnx(await portableFromNetwork(net)), x);
        expect(out.output!.dims).toEqual([25, net.spec.layers.at(-1)!.units]);
        expectClose(out.output!.data as number[], expected, `${activation}/${loss} on ${backendName}`);
        largest[activation] = Math.max(largest[activation] ?? 0, maxAbsDiff(out.output!.data as number[], expected));
        net.dispose();
      }
    });
  }
});

describe('exportOnnx with preprocessing: the same raw columns as backprop predict, in any order', () => {
  const kinds = { [HOSTILE_NAMES.numeric]: 'numeric', [HOSTILE_NAMES.other]: 'numeric', [HOSTILE_NAMES.category]: 'categorical' } as const;
  const reversed = Object.keys(kinds).reverse();

  it.each(BACKENDS)('a classifier trained on %s: probabilities, class names and metadata', async (backendName) => {
    const table = hostileTable('classification');
    const { network, pre } = await trainedOnTable(await makeBackend(backendName), table, 'classification');
    const x = pre.transform(table);
    const outputs = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });
    const expected = pre.decodeClasses(outputs.data, outputs.rows);
    const out = await runTable(exportOnnx(await portableFromNetwork(network, { preprocessing: pre.toJSON() })), table, kinds, reversed);
    expectClose(out.probabilities!.data as number[], outputs.data, `probabilities on ${backendName}`);
    expect(out.class!.data).toEqual(expected.map((p) => p.class));
    expect(new Set(out.class!.data).size).toBeGreaterThan(1);
  });

  it.each(BACKENDS)('a regression trained on %s: values in the target units', async (backendName) => {
    const table = hostileTable('regression');
    const { network, pre } = await trainedOnTable(await makeBackend(backendName), table, 'regression', 'minmax');
    const x = pre.transform(table);
    const outputs = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });
    const expected = pre.decodeValues(outputs.data, outputs.rows).map((v) => v.value);
    const out = await runTable(exportOnnx(await portableFromNetwork(network, { preprocessing: pre.toJSON() })), table, kinds, reversed);
    expect(out.value!.dims).toEqual([48, 1]);
    expectClose(out.value!.data as number[], expected, `values on ${backendName}`);
  });

  it('empty cells take the fill values saved with the model (missing: mean), as in backprop predict', async () => {
    const table = withEmptyCells(hostileTable('classification'));
    const { network, pre } = await trainedOnTable(await makeBackend('js'), table, 'classification', 'standard', 'mean');
    expect(pre.toJSON().features.map((f) => f.fill !== undefined)).toEqual([true, true, true]);
    const x = pre.transform(table);
    const outputs = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });
    const out = await runTable(exportOnnx(await portableFromNetwork(network, { preprocessing: pre.toJSON() })), table, kinds, reversed);
    expectClose(out.probabilities!.data as number[], outputs.data, 'probabilities with filled cells');
  });

  it('prints the largest difference per activation (README figure)', () => {
    console.log(`largest |onnxruntime − backprop| per activation: ${JSON.stringify(largest)}`);
    expect(Object.keys(largest).length).toBe(ACTIVATIONS.length);
  });
});
