/**
 * The article's own network, 1 input, 2 hidden ReLU, 2 outputs ReLU, with weights set by hand
 * and every expected number worked out by hand (see the comments) and written as literals.
 *
 *   x = 0.5, y = [1, 0]
 *   Wh = [[0.4, 0.6]], bh = [0.1, 0.1]         Zh = [0.3, 0.4], Ah = [0.3, 0.4]
 *   Wo = [[0.5, -0.2], [0.3, 0.8]], bo = [0.1, 0.1]
 *   Zo = [0.3·0.5 + 0.4·0.3 + 0.1, 0.3·(−0.2) + 0.4·0.8 + 0.1] = [0.37, 0.36] = Ao
 *   loss = 0.5·((0.37 − 1)² + 0.36²) = 0.5·(0.3969 + 0.1296) = 0.26325
 *   Eo = (Ao − y) ⊙ relu'(Zo) = [−0.63, 0.36]
 *   dWo = Ahᵀ·Eo = [[−0.189, 0.108], [−0.252, 0.144]], dbo = [−0.63, 0.36]
 *   Eh = (Eo·Woᵀ) ⊙ relu'(Zh) = [−0.63·0.5 + 0.36·(−0.2), −0.63·0.3 + 0.36·0.8] = [−0.387, 0.099]
 *   dWh = xᵀ·Eh = [[−0.1935, 0.0495]], dbh = [−0.387, 0.099]
 *   after one SGD step, lr 0.1: Wh = [[0.41935, 0.59505]], bh = [0.1387, 0.0901],
 *     Wo = [[0.5189, −0.2108], [0.3252, 0.7856]], bo = [0.163, 0.064]
 */
import { createNetwork, fit, sgd, type Network } from '@backprop/core';
import { expect } from 'vitest';
import type { SuiteContext } from '../context.js';

function articleNetwork(ctx: SuiteContext): Network {
  const net = createNetwork(ctx.ops, {
    inputSize: 1,
    layers: [{ units: 2, activation: 'relu' }, { units: 2, activation: 'relu' }],
    loss: 'mse',
  });
  net.setLayerWeights(0, [[0.4, 0.6]], [0.1, 0.1]);
  net.setLayerWeights(1, [[0.5, -0.2], [0.3, 0.8]], [0.1, 0.1]);
  return net;
}

export function articleCases(ctx: SuiteContext): void {
  const name = "article: the 1-2-2 network's forward and backward step by hand";
  ctx.check(name, async () => {
    const before = ctx.ops.liveHandles();
    const tol = { abs: ctx.tol.abs * 4, rel: ctx.tol.rel * 4 };
    const net = articleNetwork(ctx);
    ctx.expectClose(name, (await net.predict([[0.5]]))[0]!, [0.37, 0.36], 'prediction Ao', tol);

    const x = ctx.ops.fromArray([0.5], 1, 1);
    const y = ctx.ops.fromArray([1, 0], 1, 2);
    const trace = net.forwardTrace(x);
    ctx.expectClose(name, await ctx.read(trace.zs[0]!), [0.3, 0.4], 'Zh', tol);
    ctx.expectClose(name, await ctx.read(trace.as[0]!), [0.3, 0.4], 'Ah', tol);
    ctx.expectClose(name, await ctx.read(trace.zs[1]!), [0.37, 0.36], 'Zo', tol);
    net.disposeTrace(trace);

    const g = net.gradients(x, y);
    ctx.expectClose(name, await ctx.read(g.loss), [0.26325], 'loss', tol);
    ctx.expectClose(name, await ctx.read(g.dW[1]!), [-0.189, 0.108, -0.252, 0.144], 'dWo', tol);
    ctx.expectClose(name, await ctx.read(g.db[1]!), [-0.63, 0.36], 'dbo', tol);
    ctx.expectClose(name, await ctx.read(g.dW[0]!), [-0.1935, 0.0495], 'dWh', tol);
    ctx.expectClose(name, await ctx.read(g.db[0]!), [-0.387, 0.099], 'dbh', tol);
    for (const m of [g.loss, ...g.dW, ...g.db, x, y]) ctx.ops.dispose(m);

    // One SGD step through the public fit: batch 1, one sample.
    const history = await fit(net, [[0.5]], [[1, 0]], { epochs: 1, batchSize: 1, optimizer: sgd(0.1), shuffle: false });
    ctx.expectClose(name, [history.epochs[0]!.loss], [0.26325], 'epoch loss', tol);
    const w = await net.getWeights();
    ctx.expectClose(name, w[0]!.w, [0.41935, 0.59505], 'Wh after one step', tol);
    ctx.expectClose(name, w[0]!.b, [0.1387, 0.0901], 'bh after one step', tol);
    ctx.expectClose(name, w[1]!.w, [0.5189, -0.2108, 0.3252, 0.7856], 'Wo after one step', tol);
    ctx.expectClose(name, w[1]!.b, [0.163, 0.064], 'bo after one step', tol);
    net.dispose();
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('article: He initialisation and 0.1 biases from the seed', async () => {
    const net = createNetwork(ctx.ops, { inputSize: 1, layers: [{ units: 2 }, { units: 2 }], seed: 42 });
    const ref = createNetwork(ctx.reference, { inputSize: 1, layers: [{ units: 2 }, { units: 2 }], seed: 42 });
    const [w, r] = [await net.getWeights(), await ref.getWeights()];
    for (let l = 0; l < 2; l++) {
      ctx.expectClose('article: He initialisation and 0.1 biases from the seed', w[l]!.w, r[l]!.w, `W${l} same as the reference for seed 42`);
      expect(Array.from(w[l]!.b).map((v) => Math.fround(v))).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    }
    net.dispose();
    ref.dispose();
  });
}
