/**
 * The training features of core (L2 weight decay, AdamW, dropout, gradient clipping by value and
 * by global norm, learning-rate schedules, validationSplit) on the backend under test: the same
 * weights as backend-js after K steps, the fused host path agreeing with the per-operation path,
 * and dropout saved with the model and inactive at inference. New activations (gelu, silu,
 * softplus) train here too, through core's reference where the backend does not fuse them.
 */
import { adam, adamw, createNetwork, fit, modelFromJSON, modelToJSON, momentum, sgd, type EpochEndInfo, type FitOptions, type NetworkSpec, type Ops } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';
import { weightsAfter } from './training.js';

/** A small classifier with two hidden layers, dropout after the first. */
const SPEC: NetworkSpec = {
  inputSize: 6,
  layers: [
    { units: 8, activation: 'gelu', dropout: 0.3 },
    { units: 6, activation: 'silu', dropout: 0.2 },
    { units: 3, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
  seed: 17,
};

/** One case per feature, each with the options that switch it on. */
export const FEATURE_RUNS: readonly { readonly label: string; readonly spec: NetworkSpec; readonly options: FitOptions }[] = [
  { label: 'L2 weight decay (sgd)', spec: { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) }, options: { epochs: 2, optimizer: { kind: 'sgd', lr: 0.2, weightDecay: 0.05 } } },
  { label: 'L2 weight decay (momentum)', spec: { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) }, options: { epochs: 2, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9, weightDecay: 0.01 } } },
  { label: 'AdamW (decoupled decay)', spec: { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) }, options: { epochs: 2, optimizer: adamw(0.01, 0.1) } },
  { label: 'dropout', spec: SPEC, options: { epochs: 2, optimizer: sgd(0.2) } },
  { label: 'clipValue', spec: SPEC, options: { epochs: 2, optimizer: momentum(0.1), clipValue: 0.02 } },
  { label: 'clipNorm', spec: SPEC, options: { epochs: 2, optimizer: sgd(0.5), clipNorm: 0.05 } },
  { label: 'cosine schedule with warm-up', spec: SPEC, options: { epochs: 3, optimizer: adam(0.02), schedule: { kind: 'cosine', epochs: 3, warmupEpochs: 1 } } },
  { label: 'softplus hidden, step schedule', spec: { ...SPEC, layers: [{ units: 8, activation: 'softplus' }, { units: 3, activation: 'softmax' }] }, options: { epochs: 3, optimizer: sgd(0.3), schedule: { kind: 'step', every: 2, factor: 0.5 } } },
];

function data(): { x: { data: Float64Array; rows: number; cols: number }; y: { data: Float64Array; rows: number; cols: number } } {
  const x = { data: Float64Array.from(Float32Array.from(randomValues(30 * 6, 31, -1, 1))), rows: 30, cols: 6 };
  const y = { data: new Float64Array(30 * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)), rows: 30, cols: 3 };
  return { x, y };
}

export function trainingFeatureCases(ctx: SuiteContext, js: () => Ops): void {
  const sameAsJs = 'training features: weight decay, AdamW, dropout, clipping and schedules give the same weights as backend-js';
  ctx.check(sameAsJs, async () => {
    const before = ctx.ops.liveHandles();
    const { x, y } = data();
    for (const run of FEATURE_RUNS) {
      // K = 4 batches of 8 (one short) per epoch, on the per-operation path of both backends.
      const options: FitOptions = { ...run.options, batchSize: 8, seed: 5, path: 'ops' };
      const mine = await weightsAfter(ctx.ops, run.spec, options, x, y);
      const theirs = await weightsAfter(js(), run.spec, options, x, y);
      const t = ctx.tol.training;
      ctx.expectClose(sameAsJs, mine, theirs, `${run.label}: weights`, { abs: t, rel: t });
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  const paths = 'training features: the fused host path and the per-operation path agree';
  ctx.check(paths, async () => {
    const { x, y } = data();
    const hostPath = typeof ctx.backend.hostArray === 'function' ? 'host' : 'ops';
    for (const run of FEATURE_RUNS) {
      const options: FitOptions = { ...run.options, batchSize: 8, seed: 5 };
      const auto = await weightsAfter(ctx.ops, run.spec, options, x, y, hostPath);
      const ops = await weightsAfter(ctx.ops, run.spec, { ...options, path: 'ops' }, x, y, 'ops');
      const t = ctx.tol.training;
      ctx.expectClose(paths, auto, ops, `${run.label}: default (${hostPath}) path vs per-operation path`, { abs: t, rel: t });
    }
    // Many epochs per host call (nothing watches single epochs) = one epoch per call (onEpochEnd set), bit for bit.
    const plain: FitOptions = { epochs: 7, batchSize: 8, seed: 5, optimizer: adamw(0.01, 0.1), clipNorm: 0.5 };
    const spec = { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) };
    const chunked = await weightsAfter(ctx.ops, spec, plain, x, y, hostPath);
    const perEpoch = await weightsAfter(ctx.ops, spec, { ...plain, onEpochEnd: () => undefined }, x, y, hostPath);
    expect(Array.from(chunked)).toEqual(Array.from(perEpoch));
  });

  ctx.check('training features: dropout is saved with the model, off at inference, and changes training', async () => {
    const before = ctx.ops.liveHandles();
    const { x, y } = data();
    const net = createNetwork(ctx.ops, SPEC);
    await fit(net, x, y, { epochs: 2, batchSize: 8, optimizer: sgd(0.2) });
    // Inference is deterministic (no mask) and survives a save and load with dropout recorded.
    const first = await net.predictFlat(x);
    const second = await net.predictFlat(x);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    const saved = JSON.parse(await modelToJSON(net)) as { network: { layers: { dropout?: number }[] } };
    expect(saved.network.layers.map((l) => l.dropout)).toEqual([0.3, 0.2, undefined]);
    const loaded = modelFromJSON(saved, ctx.ops);
    expect(loaded.layers.map((l) => l.dropout)).toEqual([0.3, 0.2, 0]);
    ctx.expectClose('training features: dropout is saved with the model, off at inference, and changes training', (await loaded.predictFlat(x)).data, first.data, 'predictions after loading', ctx.tol);
    // The same run without dropout ends elsewhere: the masks really act.
    const without = await weightsAfter(ctx.ops, { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) }, { epochs: 2, batchSize: 8, optimizer: sgd(0.2) }, x, y);
    const withDropout = Float64Array.from((await net.getWeights()).flatMap((l) => [...l.w, ...l.b]));
    expect(withDropout.some((v, i) => Math.abs(v - without[i]!) > 1e-3)).toBe(true);
    net.dispose();
    loaded.dispose();
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('training features: onEpochEnd sees the scheduled rate; validationSplit holds out the last rows', async () => {
    const { x, y } = data();
    const net = createNetwork(ctx.ops, { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) });
    const seen: EpochEndInfo[] = [];
    const history = await fit(net, x, y, {
      epochs: 4,
      batchSize: 8,
      optimizer: sgd(0.4),
      schedule: { kind: 'exponential', factor: 0.5 },
      validationSplit: 0.2,
      onEpochEnd: (info) => void seen.push(info),
    });
    expect(seen.map((i) => i.learningRate)).toEqual([0.4, 0.2, 0.1, 0.05]);
    expect(history.epochs.map((e) => e.learningRate)).toEqual([0.4, 0.2, 0.1, 0.05]);
    // 20% of 30 rows: the last 6 are held out, so an epoch trains on 24.
    expect(history.samples).toBe(4 * 24);
    const held = { data: x.data.subarray(24 * 6), rows: 6, cols: 6 };
    const heldY = { data: y.data.subarray(24 * 3), rows: 6, cols: 3 };
    const { evaluate } = await import('@backprop/core');
    const valuation = await evaluate(net, held, heldY);
    expect(history.epochs.at(-1)!.valLoss).toBeCloseTo(valuation.loss, 5);
    net.dispose();
  });
}

/** Bad training options are refused before anything trains, naming the option. */
export function trainingFeatureErrorCases(ctx: SuiteContext): void {
  ctx.check('training features: bad options are refused with messages naming them', async () => {
    const before = ctx.ops.liveHandles();
    const { x, y } = data();
    const net = createNetwork(ctx.ops, { ...SPEC, layers: SPEC.layers.map((l) => ({ ...l, dropout: 0 })) });
    const refuse = async (options: Partial<FitOptions>, message: RegExp): Promise<void> => {
      await expect(fit(net, x, y, { epochs: 1, ...options })).rejects.toThrow(message);
    };
    await refuse({ clipNorm: 0 }, /^fit: clipNorm must be a finite number > 0, got 0$/);
    await refuse({ clipValue: -1 }, /^fit: clipValue must be a finite number > 0, got -1$/);
    await refuse({ validationSplit: 1 }, /^fit: validationSplit must be a fraction in \(0, 1\), got 1$/);
    await refuse({ validationSplit: 0.2, validationData: [x, y] }, /^fit: give validationSplit or validationData, not both$/);
    await refuse({ schedule: { kind: 'step', every: 0, factor: 0.5 } }, /^fit: schedule\.every must be a positive integer, got 0$/);
    await refuse({ optimizer: { kind: 'sgd', lr: 0.1, weightDecay: -1 } }, /^optimizer: weightDecay must be a finite number ≥ 0, got -1$/);
    expect(() => createNetwork(ctx.ops, { inputSize: 2, layers: [{ units: 2, dropout: 1.5 }, { units: 1 }] })).toThrow(/^createNetwork: layer 0 dropout must be in \[0, 1\), got 1\.5$/);
    net.dispose();
    expect(ctx.ops.liveHandles()).toBe(before);
  });
}
