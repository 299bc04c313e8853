/**
 * A seeded fuzz of both import formats (issue 19, like conformance's model-loading fuzz for
 * backprop's own format): mutations of real files — exportOnnx output with and without
 * preprocessing, a scikit-learn ONNX file, exportTfjsLayers output — by truncation, byte flips,
 * insertions, edited protobuf fields (huge dims, short raw_data, other types and operators) and
 * edited model.json values (odd types, huge shapes, deep nesting). Each one either imports into a
 * model that core builds and that holds no more weights than the file could carry, or is refused
 * with an InteropError naming a field; nothing else may escape, nothing is built half-way.
 */
import { readFileSync } from 'node:fs';
import { ModelFormatError, Random } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { InteropError } from './errors.js';
import { networkFromPortable, portableFromNetwork, type PortableModel } from './model.js';
import { exportOnnx } from './onnx/export.js';
import { importOnnx } from './onnx/import.js';
import { modelProto, type ModelProto } from './onnx/proto.js';
import { hostileTable, makeBackend, trainedNetwork, trainedOnTable } from './test-support/models.js';
import { exportTfjsLayers } from './tfjs/export.js';
import { importTfjsLayers } from './tfjs/import.js';

const MUTATIONS = 400;
const NAMES_A_FIELD = /^(importOnnx|importTfjsLayers): (file|graph|metadata_props|loss|weightsManifest|modelTopology|model\.json|format|userDefinedMetadata)\S* /;

type Outcome = 'imported' | 'refused';

/** Imports `attempt`'s result into core, or checks that the refusal is a typed, named one. */
async function check(label: string, attempt: () => PortableModel, fileBytes: number): Promise<Outcome> {
  let model: PortableModel;
  try {
    model = attempt();
  } catch (e) {
    if (!(e instanceof InteropError)) throw new Error(`${label}: escaped as ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
    expect(e.message, label).toMatch(NAMES_A_FIELD);
    return 'refused';
  }
  const values = model.layers.reduce((n, l) => n + l.w.length + l.b.length, 0);
  expect(values * 4, `${label}: more weights than the file holds`).toBeLessThanOrEqual(fileBytes);
  try {
    const { network } = networkFromPortable(model, backend);
    expect((await network.predict([new Array<number>(model.inputSize).fill(0.5)])).flat().every((v) => !Number.isNaN(v)), label).toBe(true);
    network.dispose();
  } catch (e) {
    throw new Error(`${label}: imported, but core refused it (${e instanceof ModelFormatError ? 'ModelFormatError' : (e as Error).name}: ${(e as Error).message})`, { cause: e });
  }
  return 'imported';
}

const backend = await makeBackend('js');

function mutateBytes(bytes: Uint8Array, r: Random): { label: string; bytes: Uint8Array } {
  const at = Math.floor(r.next() * bytes.length);
  switch (Math.floor(r.next() * 4)) {
    case 0:
      return { label: `truncated at ${at}`, bytes: bytes.slice(0, at) };
    case 1: {
      const out = bytes.slice();
      const flips = 1 + Math.floor(r.next() * 8);
      for (let k = 0; k < flips; k++) {
        const i = Math.floor(r.next() * out.length);
        out[i] = out[i]! ^ (1 << Math.floor(r.next() * 8));
      }
      return { label: `${flips} bit flips`, bytes: out };
    }
    case 2: {
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes.subarray(0, at));
      out[at] = Math.floor(r.next() * 256);
      out.set(bytes.subarray(at), at + 1);
      return { label: `byte inserted at ${at}`, bytes: out };
    }
    default: {
      const out = bytes.slice();
      out[at] = 0xff;
      return { label: `0xff at ${at}`, bytes: out };
    }
  }
}

/** Edits one field of the decoded model, then encodes it again. */
function mutateFields(bytes: Uint8Array, r: Random): { label: string; bytes: Uint8Array } {
  const type = modelProto();
  const m = type.toObject(type.decode(bytes), { bytes: Array }) as ModelProto & { graph: Required<NonNullable<ModelProto['graph']>> };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)]!;
  const g = m.graph;
  let label: string;
  switch (Math.floor(r.next() * 7)) {
    case 0: {
      const t = pick(g.initializer);
      t.dims = [pick([2 ** 40, 1e9, 0, 3, 7]), pick([2 ** 31, 1, 5])];
      label = `initializer ${t.name} dims ${JSON.stringify(t.dims)}`;
      break;
    }
    case 1: {
      const t = pick(g.initializer);
      t.raw_data = (t.raw_data ?? new Uint8Array()).slice(0, Math.floor(r.next() * (t.raw_data?.length ?? 0)));
      label = `initializer ${t.name} raw_data shortened`;
      break;
    }
    case 2: {
      const t = pick(g.initializer);
      t.data_type = pick([0, 2, 7, 8, 10, 11, 16, 99]);
      label = `initializer ${t.name} data_type ${t.data_type}`;
      break;
    }
    case 3: {
      const n = pick(g.node);
      n.op_type = pick(['Conv', 'LSTM', 'Selu', 'Reshape', '', 'Gemm', 'MatMul', 'Relu', 'Softmax', 'Gelu', 'Mul']);
      label = `node ${n.name} op ${n.op_type}`;
      break;
    }
    case 4: {
      const n = pick(g.node);
      n.attribute = [{ name: pick(['alpha', 'transB', 'axis', 'to', 'approximate']), type: pick([1, 2, 3, 7]), f: pick([NaN, 2, -1, 0.5]), i: pick([0, 1, -5, 2 ** 40]) }];
      label = `node ${n.name} attribute ${JSON.stringify(n.attribute[0]?.name)}`;
      break;
    }
    case 5: {
      const i = Math.floor(r.next() * g.initializer.length);
      label = `initializer ${g.initializer[i]?.name} removed`;
      g.initializer.splice(i, 1);
      break;
    }
    default: {
      const n = pick(g.node);
      n.input = [...(n.input ?? [])].reverse();
      label = `node ${n.name} inputs reversed`;
    }
  }
  return { label, bytes: Uint8Array.from(type.encode(type.fromObject(m)).finish()) };
}

describe('fuzz: importOnnx', () => {
  it(`${MUTATIONS} mutations of real ONNX files import into core or are refused with an InteropError naming a field`, async () => {
    const plain = exportOnnx(await portableFromNetwork(await trainedNetwork(backend, 'silu', 'softmaxCrossEntropy')));
    const table = await trainedOnTable(backend, hostileTable('classification'), 'classification');
    const withPre = exportOnnx(await portableFromNetwork(table.network, { preprocessing: table.pre.toJSON() }));
    const sklearn = new Uint8Array(readFileSync(new URL('../fixtures/sklearn-mlp-tanh.onnx', import.meta.url)));
    const r = new Random(19);
    const outcomes: Record<Outcome, number> = { imported: 0, refused: 0 };
    for (let i = 0; i < MUTATIONS; i++) {
      const source = [plain, withPre, sklearn][i % 3]!;
      const { label, bytes } = r.next() < 0.5 ? mutateBytes(source, r) : mutateFields(source, r);
      outcomes[await check(`mutation ${i} (${label})`, () => importOnnx(bytes).model, bytes.length)]++;
    }
    console.log(`fuzz outcomes: ${JSON.stringify(outcomes)}`);
    expect(outcomes.refused).toBeGreaterThan(MUTATIONS / 4);
    expect(outcomes.imported).toBeGreaterThan(0);
  });
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v !== null && typeof v === 'object' ? Object.entries(v) : [];
  for (const [key, child] of children) {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out);
  }
  return out;
}

const ODD: Json[] = [null, true, 'x', '', 1.5, -1, 0, 2 ** 31, 1e300, [], {}, [1e9, 1e9], { class_name: 'Conv2D', config: {} }, 'Dense', 'gelu', 'relu', 'float16', '../x'];

describe('fuzz: importTfjsLayers', () => {
  it(`${MUTATIONS} mutations of a real model.json and its weights import into core or are refused with an InteropError naming a field`, async () => {
    const artifacts = exportTfjsLayers(await portableFromNetwork(await trainedNetwork(backend, 'leakyRelu', 'sigmoidBinaryCrossEntropy')));
    const text = JSON.stringify(artifacts.modelJson);
    const r = new Random(91);
    const outcomes: Record<Outcome, number> = { imported: 0, refused: 0 };
    for (let i = 0; i < MUTATIONS; i++) {
      const json = JSON.parse(text) as Json;
      let weights = artifacts.weights;
      let label: string;
      const kind = Math.floor(r.next() * 4);
      if (kind === 0) {
        const all = paths(json);
        const path = all[Math.floor(r.next() * all.length)]!;
        const value = ODD[Math.floor(r.next() * ODD.length)]!;
        let node = json as Record<string | number, Json>;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
        node[path[path.length - 1]!] = value;
        label = `${path.join('.')} = ${JSON.stringify(value)}`;
      } else if (kind === 1) {
        const m = mutateBytes(weights, r);
        weights = m.bytes;
        label = `weights ${m.label}`;
      } else if (kind === 2) {
        const all = paths(json).filter((p) => typeof p[p.length - 1] === 'string');
        const path = all[Math.floor(r.next() * all.length)]!;
        let node = json as Record<string | number, Json>;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
        delete node[path[path.length - 1]!];
        label = `${path.join('.')} deleted`;
      } else {
        const deep = JSON.parse('{"a":'.repeat(3000) + '1' + '}'.repeat(3000)) as Json;
        (json as Record<string, Json>).modelTopology = r.next() < 0.5 ? deep : { class_name: 'Sequential', config: { layers: [deep] } };
        label = 'deeply nested topology';
      }
      outcomes[await check(`mutation ${i} (${label})`, () => importTfjsLayers(json, [weights]), weights.length)]++;
    }
    console.log(`fuzz outcomes: ${JSON.stringify(outcomes)}`);
    expect(outcomes.refused).toBeGreaterThan(MUTATIONS / 4);
    expect(outcomes.imported).toBeGreaterThan(0);
  });
});
