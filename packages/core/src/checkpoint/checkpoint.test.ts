/**
 * Checkpoints and resume on core's float64 test backends, with and without host storage (the
 * fused host path and the per-operation path): a run stopped after any epoch and resumed from its
 * checkpoint ends bit-identical (parameters and history) to a run never stopped, with Adam, a
 * schedule, dropout, a validation split and early stopping that restores the best weights; a
 * resume with another network, other data or other options, or from a damaged file, is refused
 * with an error naming what differs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { fit } from '../fit.js';
import { createNetwork, type Network, type NetworkSpec } from '../network.js';
import { adam } from '../optimizers.js';
import { Random } from '../random.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { createHostStorageBackend } from '../test-support/host-storage-backend.js';
import type { FitOptions, History } from '../training/fit-options.js';
import { CheckpointFormatError, CheckpointMismatchError } from './checkpoint-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec: NetworkSpec = {
  inputSize: 3,
  layers: [
    { units: 6, activation: 'tanh', dropout: 0.2 },
    { units: 2, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
  seed: 3,
};
const random = new Random(11);
const x = Array.from({ length: 40 }, () => [random.normal(), random.normal(), random.normal()]);
// Labels with noise: the validation loss turns up after a few epochs, so early stopping's best epoch is not the last.
const y = x.map(([a, b, c]) => (a! + 0.5 * b! - c! + random.normal() > 0 ? [1, 0] : [0, 1]));
const EPOCHS = 7;
const options: FitOptions = {
  epochs: EPOCHS,
  batchSize: 8,
  seed: 5,
  optimizer: adam(0.1),
  schedule: { kind: 'step', every: 2, factor: 0.7 },
  validationSplit: 0.2,
  // A patience the run never exhausts, so that every epoch trains and the best weights come back at the end.
  earlyStopping: { patience: 100, restoreBestWeights: true },
  clipNorm: 5,
};

const backends: [string, () => Backend, 'auto' | 'ops'][] = [
  ['host storage, fused host path', createHostStorageBackend, 'auto'],
  ['host storage, per-operation path', createHostStorageBackend, 'ops'],
  ['no host storage (per-operation path)', createFloat64Backend, 'auto'],
];

async function bits(net: Network): Promise<string> {
  const values = (await net.getWeights()).flatMap((l) => [...l.w, ...l.b]);
  return Buffer.from(Float64Array.from(values).buffer).toString('hex');
}

/** The history without the times (which differ from run to run). */
function trained(h: History): unknown {
  return h.epochs.map(({ seconds: _, ...rest }) => rest);
}

describe.each(backends)('checkpoints on a float64 backend with %s', (name, makeBackend, path) => {
  const backend = makeBackend();
  const file = (label: string): string => join(dir, `${name.replace(/\W+/g, '-')}-${label}.json`);

  async function uninterrupted(): Promise<{ weights: string; history: History }> {
    const net = createNetwork(backend, spec);
    const history = await fit(net, x, y, { ...options, path });
    const weights = await bits(net);
    net.dispose();
    return { weights, history };
  }

  it('a run stopped after epoch 1, 3 or 6 and resumed ends bit-identical to one never stopped (twice stopped too)', async () => {
    const reference = await uninterrupted();
    expect(reference.history.restoredEpoch).toBeDefined();
    for (const stops of [[1], [3], [6], [2, 5]]) {
      const path_ = file(`stops-${stops.join('-')}`);
      let from: string | undefined;
      for (const stopAt of [...stops, EPOCHS]) {
        const net = createNetwork(backend, spec);
        const h = await fit(net, x, y, {
          ...options,
          path,
          checkpoint: { path: path_, every: { epochs: 2 } },
          ...(from ? { resumeFrom: from } : {}),
          onEpochEnd: (info) => info.epoch < stopAt,
        });
        from = path_;
        if (stopAt === EPOCHS) {
          expect(trained(h)).toEqual(trained(reference.history));
          expect(h.restoredEpoch).toBe(reference.history.restoredEpoch);
          expect(await bits(net)).toBe(reference.weights);
          expect(h.resumedAfter).toBe(stops.at(-1));
        } else {
          expect(h.epochs).toHaveLength(stopAt);
        }
        net.dispose();
      }
    }
    expect(backend.liveHandles()).toBe(0);
  });

  it('an aborted signal stops at the end of the epoch with a checkpoint that resumes', async () => {
    const reference = await uninterrupted();
    const controller = new AbortController();
    const net = createNetwork(backend, spec);
    const checkpoint = file('signal');
    const h = await fit(net, x, y, { ...options, path, signal: controller.signal, checkpoint: { path: checkpoint, every: { seconds: 3600 } }, onEpochEnd: (info) => void (info.epoch === 4 && controller.abort()) });
    expect(h.interrupted).toBe(true);
    expect(h.epochs).toHaveLength(4);
    net.dispose();
    const again = createNetwork(backend, spec);
    const resumed = await fit(again, x, y, { ...options, path, resumeFrom: checkpoint });
    expect(trained(resumed)).toEqual(trained(reference.history));
    expect(await bits(again)).toBe(reference.weights);
    again.dispose();
  });

  it('refuses another network, other data, another learning rate, and damaged or truncated files, naming the field', async () => {
    const checkpoint = file('refusals');
    const net = createNetwork(backend, spec);
    await fit(net, x, y, { ...options, path, epochs: 2, checkpoint: { path: checkpoint } });
    const attempt = async (o: Partial<FitOptions>, s: NetworkSpec = spec, data = x): Promise<unknown> => {
      const n = createNetwork(backend, s);
      try {
        await fit(n, data, y, { ...options, path, resumeFrom: checkpoint, ...o });
        return undefined;
      } catch (e) {
        return e;
      } finally {
        n.dispose();
      }
    };
    const wider = { ...spec, layers: [{ units: 7, activation: 'tanh' as const, dropout: 0.2 }, spec.layers[1]!] };
    const e1 = await attempt({}, wider);
    expect(e1).toBeInstanceOf(CheckpointMismatchError);
    expect((e1 as Error).message).toMatch(/another network.*network\.layers\.0\.units \(checkpoint 6, now 7\)/);
    const shifted = x.map((r, i) => (i === 0 ? [r[0]! + 1, r[1]!, r[2]!] : r));
    const e2 = await attempt({}, spec, shifted);
    expect((e2 as Error).message).toMatch(/another data: data\.x\.sample/);
    const e3 = await attempt({ optimizer: adam(0.03) });
    expect((e3 as Error).message).toMatch(/another options: options\.optimizer\.lr \(checkpoint 0\.1, now 0\.03\)/);
    const e4 = await attempt({ seed: 6, batchSize: 4 });
    expect((e4 as CheckpointMismatchError).differences.map((d) => d.field)).toEqual(['options.batchSize', 'options.seed']);
    // More epochs than the first run asked for is what resuming is for.
    expect(await attempt({ epochs: 4 })).toBeUndefined();

    const text = readFileSync(checkpoint, 'utf8');
    const damaged = file('damaged');
    writeFileSync(damaged, text.slice(0, Math.floor(text.length / 2)));
    const e5 = await attempt({ resumeFrom: damaged });
    expect(e5).toBeInstanceOf(CheckpointFormatError);
    expect((e5 as Error).message).toMatch(/^resume: not valid JSON.*truncated or damaged/);
    const parsed = JSON.parse(text) as { weights: { w: { data: string } }[]; optimizer: { step: unknown }; version: number };
    parsed.weights[1]!.w.data = parsed.weights[1]!.w.data.slice(8);
    writeFileSync(damaged, JSON.stringify(parsed));
    expect(((await attempt({ resumeFrom: damaged })) as Error).message).toMatch(/weights\[1\]\.w\.data must hold 12 float64 values .*truncated or corrupt/);
    writeFileSync(damaged, JSON.stringify({ ...(JSON.parse(text) as object), optimizer: { ...(JSON.parse(text) as { optimizer: object }).optimizer, step: -1 } }));
    expect(((await attempt({ resumeFrom: damaged })) as Error).message).toMatch(/optimizer\.step must be an integer ≥ 0, got -1/);
    writeFileSync(damaged, JSON.stringify({ ...(JSON.parse(text) as object), version: 99 }));
    expect(((await attempt({ resumeFrom: damaged })) as Error).message).toMatch(/version 99 is not supported/);
    expect(((await attempt({ resumeFrom: join(dir, 'missing.json') })) as Error).message).toMatch(/cannot read the checkpoint .*ENOENT/);
    net.dispose();
    expect(backend.liveHandles()).toBe(0);
  });
});
