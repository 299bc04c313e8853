/**
 * Training end to end: XOR and a small regression converge; the same seed gives the same weights
 * after K steps as backend-js; the per-operation and fused host paths agree; a diverging run is
 * stopped with an error naming the epoch and batch.
 */
import { adam, createNetwork, fit, NonFiniteLossError, sgd, type FitOptions, type NetworkSpec, type Ops } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';

export const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
export const XOR_Y = [[0], [1], [1], [0]];
/** Stated targets: XOR's MSE below 0.01 within 300 epochs of Adam (lr 0.05, batch 4). */
export const XOR_TARGET = { loss: 0.01, epochs: 300 };
/** y = sin(3x) on 64 points of [−1, 1]: MSE below 0.005 within 400 epochs of Adam (lr 0.02, batch 16). */
export const SINE_TARGET = { loss: 0.005, epochs: 400 };

function sineData(): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 64; i++) {
    const v = -1 + (2 * i) / 63;
    x.push([v]);
    y.push([Math.sin(3 * v)]);
  }
  return { x, y };
}

export async function weightsAfter(
  ops: Ops,
  spec: NetworkSpec,
  options: FitOptions,
  x: { data: Float64Array; rows: number; cols: number },
  y: { data: Float64Array; rows: number; cols: number },
  expectPath?: 'host' | 'ops',
): Promise<Float64Array> {
  const net = createNetwork(ops, spec);
  const history = await fit(net, x, y, options);
  if (expectPath) expect(history.path, 'the training path fit took').toBe(expectPath);
  const w = await net.getWeights();
  net.dispose();
  return Float64Array.from(w.flatMap((l) => [...l.w, ...l.b]));
}

export function trainingCases(ctx: SuiteContext, js: () => Ops): void {
  ctx.check(`training: XOR converges (MSE < ${XOR_TARGET.loss} within ${XOR_TARGET.epochs} epochs)`, async () => {
    const net = createNetwork(ctx.ops, { inputSize: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
    const h = await fit(net, XOR_X, XOR_Y, { epochs: XOR_TARGET.epochs, batchSize: 4, optimizer: adam(0.05) });
    const predictions = (await net.predict(XOR_X)).map((r) => r[0]!);
    net.dispose();
    expect(h.epochs.at(-1)!.loss).toBeLessThan(XOR_TARGET.loss);
    expect(predictions.map((p) => Math.round(p))).toEqual([0, 1, 1, 0]);
  });

  ctx.check(`training: a small regression converges (sin 3x, MSE < ${SINE_TARGET.loss} within ${SINE_TARGET.epochs} epochs)`, async () => {
    const { x, y } = sineData();
    const net = createNetwork(ctx.ops, { inputSize: 1, layers: [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed: 5 });
    const h = await fit(net, x, y, { epochs: SINE_TARGET.epochs, batchSize: 16, optimizer: adam(0.02) });
    net.dispose();
    expect(h.epochs[0]!.loss).toBeGreaterThan(h.epochs.at(-1)!.loss);
    expect(h.epochs.at(-1)!.loss).toBeLessThan(SINE_TARGET.loss);
  });

  const sameSeed = 'training: same seed gives the same weights after K steps as backend-js';
  ctx.check(sameSeed, async () => {
    const spec: NetworkSpec = {
      inputSize: 12,
      layers: [{ units: 16, activation: 'relu' }, { units: 8, activation: 'tanh' }, { units: 4, activation: 'softmax' }],
      loss: 'softmaxCrossEntropy',
      seed: 21,
    };
    const x = { data: Float64Array.from(Float32Array.from(randomValues(40 * 12, 1, 0, 1))), rows: 40, cols: 12 };
    const y = { data: new Float64Array(40 * 4).map((_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0)), rows: 40, cols: 4 };
    for (const optimizer of [sgd(0.1), adam(0.01)]) {
      // K = 10 steps: 2 epochs of 5 batches of 8.
      const options: FitOptions = { epochs: 2, batchSize: 8, optimizer, seed: 9, path: 'ops' };
      const mine = await weightsAfter(ctx.ops, spec, options, x, y);
      const theirs = await weightsAfter(js(), spec, options, x, y);
      const t = ctx.tol.training;
      ctx.expectClose(sameSeed, mine, theirs, `weights after 10 ${optimizer.kind} steps`, { abs: t, rel: t });
    }
  });

  ctx.check('training: the fused host path and the per-operation path agree', async () => {
    const spec: NetworkSpec = { inputSize: 3, layers: [{ units: 5, activation: 'leakyRelu', alpha: 0.1 }, { units: 2, activation: 'sigmoid' }], loss: 'sigmoidBinaryCrossEntropy', seed: 4 };
    const x = { data: randomValues(30, 2, -1, 1), rows: 10, cols: 3 };
    const y = { data: randomValues(20, 3, 0, 1).map((v) => (v > 0.5 ? 1 : 0)), rows: 10, cols: 2 };
    for (const optimizer of [sgd(0.1), { kind: 'momentum' as const, lr: 0.05, momentum: 0.9 }, adam(0.01)]) {
      // Backends with host storage must really take the fused host path by default.
      const hostPath = typeof ctx.backend.hostArray === 'function' ? 'host' : 'ops';
      const auto = await weightsAfter(ctx.ops, spec, { epochs: 3, batchSize: 4, optimizer }, x, y, hostPath);
      const ops = await weightsAfter(ctx.ops, spec, { epochs: 3, batchSize: 4, optimizer, path: 'ops' }, x, y, 'ops');
      const t = ctx.tol.training;
      ctx.expectClose('training: the fused host path and the per-operation path agree', auto, ops, `${optimizer.kind}: default path vs per-operation path`, { abs: t, rel: t });
    }
  });

  ctx.check('training: a NaN loss stops training, naming the epoch and batch', async () => {
    const before = ctx.ops.liveHandles();
    for (const path of ['auto', 'ops'] as const) {
      const net = createNetwork(ctx.ops, { inputSize: 1, layers: [{ units: 4, activation: 'linear' }, { units: 1, activation: 'linear' }], seed: 2 });
      const start = await net.getWeights();
      const x = Array.from({ length: 16 }, (_, i) => [(i + 1) * 1000]);
      const y = x.map(([v]) => [v! * 3]);
      const error = await fit(net, x, y, { epochs: 5, batchSize: 4, optimizer: sgd(100), shuffle: false, path }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `path ${path}`).toBeInstanceOf(NonFiniteLossError);
      const e = error as NonFiniteLossError;
      expect(e.message).toMatch(/^fit: loss became (NaN|Infinity|-Infinity) at epoch \d+, batch \d+/);
      expect(e.epoch).toBeGreaterThanOrEqual(1);
      expect(e.epoch).toBeLessThanOrEqual(5);
      expect(e.batch).toBeGreaterThanOrEqual(1);
      expect(e.batch).toBeLessThanOrEqual(4);
      // The weights are restored to the start of the failing epoch: finite, and in epoch 1 the initial ones.
      const after = await net.getWeights();
      expect(after.every((l) => l.w.every(Number.isFinite) && l.b.every(Number.isFinite))).toBe(true);
      if (e.epoch === 1) expect(after.map((l) => Array.from(l.w))).toEqual(start.map((l) => Array.from(l.w)));
      net.dispose();
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });
}
