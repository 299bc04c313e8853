/**
 * No leaked handles: after fit, predict, evaluate and gradientCheck the live-handle count returns
 * to where it was, and repeated training keeps it flat.
 */
import { adam, createNetwork, evaluate, fit, gradientCheck, momentum } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';

export function memoryCases(ctx: SuiteContext): void {
  ctx.check('memory: no leaked handles after fit, predict, evaluate and gradientCheck', async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const x = { data: randomValues(50 * 6, 1, 0, 1), rows: 50, cols: 6 };
    const y = { data: new Float64Array(50 * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)), rows: 50, cols: 3 };
    const net = createNetwork(ops, { inputSize: 6, layers: [{ units: 8 }, { units: 3, activation: 'softmax' }], loss: 'softmaxCrossEntropy' });
    const params = ops.liveHandles();
    expect(params - before).toBe(4);
    const counts: number[] = [];
    for (const [path, optimizer] of [['auto', adam(0.01)], ['ops', adam(0.01)], ['ops', momentum(0.01)]] as const) {
      await fit(net, x, y, { epochs: 2, batchSize: 16, optimizer, validationData: [x, y], path });
      counts.push(ops.liveHandles());
    }
    await net.predict(x);
    await evaluate(net, x, y);
    await gradientCheck(net, { data: x.data.subarray(0, 12), rows: 2, cols: 6 }, { data: y.data.subarray(0, 6), rows: 2, cols: 3 }, { maxPerMatrix: 2 });
    counts.push(ops.liveHandles());
    expect(counts, 'live handles after each call').toEqual(counts.map(() => params));
    net.dispose();
    expect(ops.liveHandles()).toBe(before);
  });

  ctx.check('memory: live handles stay flat across 200 training steps', async () => {
    const ops = ctx.ops;
    const net = createNetwork(ops, { inputSize: 16, layers: [{ units: 32 }, { units: 32 }, { units: 4, activation: 'softmax' }], loss: 'softmaxCrossEntropy' });
    const x = { data: randomValues(64 * 16, 2, 0, 1), rows: 64, cols: 16 };
    const y = { data: new Float64Array(64 * 4).map((_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0)), rows: 64, cols: 4 };
    const start = ops.liveHandles();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await fit(net, x, y, { epochs: 10, batchSize: 13, optimizer: adam(0.001), path: 'ops' });
      seen.push(ops.liveHandles());
    }
    net.dispose();
    expect(seen).toEqual([start, start, start, start]);
  });
}
