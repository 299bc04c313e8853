/**
 * A model saved on one backend loads on another with the same predictions, and float32 weights
 * round-trip bit-exactly.
 */
import { createNetwork, fit, modelFromJSON, modelToJSON, adam, type Ops } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';

export function portabilityCases(ctx: SuiteContext, js: () => Ops): void {
  const name = 'portability: a model saved here loads on backend-js and back with the same predictions';
  ctx.check(name, async () => {
    const before = ctx.ops.liveHandles();
    const x = { data: randomValues(20 * 5, 3, -1, 1), rows: 20, cols: 5 };
    const y = { data: randomValues(20 * 2, 4, 0, 1), rows: 20, cols: 2 };
    const net = createNetwork(ctx.ops, { inputSize: 5, layers: [{ units: 7, activation: 'tanh' }, { units: 2, activation: 'sigmoid' }], loss: 'mse', seed: 8 });
    await fit(net, x, y, { epochs: 3, batchSize: 5, optimizer: adam(0.01) });
    const saved = await modelToJSON(net);
    const there = modelFromJSON(saved, js());
    const back = modelFromJSON(await modelToJSON(there), ctx.ops);
    const mine = await net.predictFlat(x);
    const theirs = await there.predictFlat(x);
    const returned = await back.predictFlat(x);
    const tol = { abs: ctx.tol.abs * 10, rel: ctx.tol.rel * 10 };
    ctx.expectClose(name, theirs.data, mine.data, 'predictions on backend-js', tol);
    ctx.expectClose(name, returned.data, mine.data, 'predictions after the round trip', tol);
    if (ctx.backend.info.precision === 'float32') {
      // float32 → JSON → float32 must not change a single bit.
      const [a, b] = [await net.getWeights(), await back.getWeights()];
      for (let l = 0; l < a.length; l++) {
        expect(new Uint32Array(Float32Array.from(b[l]!.w).buffer)).toEqual(new Uint32Array(Float32Array.from(a[l]!.w).buffer));
        expect(new Uint32Array(Float32Array.from(b[l]!.b).buffer)).toEqual(new Uint32Array(Float32Array.from(a[l]!.b).buffer));
      }
    }
    net.dispose();
    back.dispose();
    there.dispose();
    expect(ctx.ops.liveHandles()).toBe(before);
  });
}
