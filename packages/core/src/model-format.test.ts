/**
 * The model format: a round trip is bit-exact (base64 float32), a version 1 file still loads,
 * and what is not a valid model is refused with a ModelFormatError naming the field, before any
 * backend allocation.
 */
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from './errors.js';
import { modelToObject, parseModel, MODEL_FORMAT_VERSION } from './model-format.js';
import { createNetwork } from './network.js';
import { createFloat64Backend } from './test-support/float64-backend.js';

async function saved(): Promise<Record<string, unknown>> {
  const net = createNetwork(createFloat64Backend(), { inputSize: 3, layers: [{ units: 4, activation: 'elu' }, { units: 2, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 9 });
  const model = await modelToObject(net, { note: 'kept' });
  net.dispose();
  return JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
}

describe('model format', () => {
  it('round trip: same weights (as float32), spec with defaults filled (elu alpha 1), meta kept', async () => {
    const model = await saved();
    expect(model['version']).toBe(MODEL_FORMAT_VERSION);
    const backend = createFloat64Backend();
    const { network, meta } = parseModel(JSON.stringify(model), backend);
    expect(meta['note']).toBe('kept');
    expect(network.spec.layers[0]).toEqual({ units: 4, activation: 'elu', alpha: 1 });
    const again = await modelToObject(network, { note: 'kept' });
    expect(JSON.parse(JSON.stringify(again.weights))).toEqual(model['weights']);
  });

  it('reads version 1', async () => {
    const model = { ...(await saved()), version: 1 };
    expect(() => parseModel(model, createFloat64Backend())).not.toThrow();
  });

  it.each([
    ['not JSON', '{"format": "backprop-model", ', 'not valid JSON'],
    ['another format', { format: 'keras' }, "format must be 'backprop-model', got "],
    ['a future version', { format: 'backprop-model', version: 99 }, 'version 99 is not supported'],
  ])('refuses %s', (_, source, message) => {
    const backend = createFloat64Backend();
    expect(() => parseModel(source, backend)).toThrow(ModelFormatError);
    expect(() => parseModel(source, backend)).toThrow(message);
    expect(backend.liveHandles()).toBe(0);
  });

  it('refuses weights of the wrong length, naming the field', async () => {
    const model = await saved();
    const weights = model['weights'] as { b: { data: string } }[];
    weights[1]!.b.data = weights[1]!.b.data.slice(0, 4);
    const backend = createFloat64Backend();
    expect(() => parseModel(model, backend)).toThrow('weights[1].b');
    expect(backend.liveHandles()).toBe(0);
  });
});

describe('loadModel', () => {
  it('names a caller passing something other than a backend, before reading the file', async () => {
    const { loadModel } = await import('./node.js');
    await expect(loadModel('/nonexistent/model.json', 'nope' as never)).rejects.toThrow('loadModel: the second argument must be a Backend (e.g. createJsBackend()): the backend must be an object, got "nope"');
  });
});
