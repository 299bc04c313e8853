/**
 * Bad input gets a BackpropError naming the operation, what was expected and what came, and
 * leaves no handle behind.
 */
import { createNetwork, evaluate, fit, modelFromJSON, type Network } from '@backprop/core';
import { expect } from 'vitest';
import { expectError, expectRejects } from './expect-errors.js';
import type { SuiteContext } from '../context.js';


export function errorCases(ctx: SuiteContext): void {
  ctx.check('errors: bad input is refused with a clear message', async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const a = ops.fill(2, 3, 1);
    const b = ops.fill(4, 5, 1);
    expectError(() => ops.matmul(a, b), /^matmul: inner sizes differ, \[2,3\] × \[4,5\]$/);
    expectError(() => ops.binary('add', a, b), /^binary\(add\): b must be \[2,3\], a row \[1,3\], a column \[2,1\] or a scalar \[1,1\], got \[4,5\]$/);
    expectError(() => ops.fromArray([1, 2, 3], 2, 2), /^fromArray: expected 2×2 = 4 values, got 3$/);
    expectError(() => ops.fromArray([1, NaN, 3, 4], 2, 2), /^fromArray: value at index 1 \(row 0, column 1\) must be a finite number, got NaN$/);
    expectError(() => ops.fill(0, 3, 1), /^fill: rows must be a positive integer, got 0$/);
    expectError(() => ops.unary('cube' as never, a), /^unary: op must be one of .*got "cube"$/);
    expectError(() => createNetwork(ops, { inputSize: 2, layers: [{ units: 0 }] }), /^createNetwork: layer 0 units must be a positive integer, got 0$/);
    expectError(() => createNetwork(ops, { inputSize: 2, layers: [{ units: 3, activation: 'relu' }], loss: 'softmaxCrossEntropy' }), /^createNetwork: loss softmaxCrossEntropy needs a softmax output layer, got relu$/);
    const net: Network = createNetwork(ops, { inputSize: 2, layers: [{ units: 3 }, { units: 1 }] });
    const x = [[0, 1], [1, 0]];
    const y = [[1], [0]];
    await expectRejects(() => fit(net, x, y, { epochs: 1, optimizer: { kind: 'sgd', lr: 0 } }), /^optimizer: learning rate must be a finite number > 0, got 0$/);
    await expectRejects(() => fit(net, x, y, { epochs: 1, optimizer: { kind: 'sgd', lr: -1 } }), /^optimizer: learning rate must be a finite number > 0, got -1$/);
    await expectRejects(() => fit(net, x, y, { epochs: 1, batchSize: 0 }), /^fit: batchSize must be a positive integer, got 0$/);
    await expectRejects(() => fit(net, x, y, { epochs: 0 }), /^fit: epochs must be a positive integer, got 0$/);
    await expectRejects(() => fit(net, [[0, 1, 2]], y, { epochs: 1 }), /^fit: x must have 2 columns, got 3$/);
    await expectRejects(() => fit(net, [[0, NaN], [1, 0]], y, { epochs: 1 }), /^fit: x row 0, column 1 must be a finite number, got NaN$/);
    await expectRejects(() => fit(net, x, [[1]], { epochs: 1 }), /^fit: x and y must have the same number of rows, got 2 and 1$/);
    await expectRejects(() => net.predict([[1, 2, 3]]), /^predict: input must have 2 columns, got 3$/);
    await expectRejects(() => evaluate(net, x, [[1, 2], [3, 4]]), /^evaluate: y must have 1 columns, got 2$/);
    expectError(() => modelFromJSON('{"format":"backprop-model","version":1', ops), /^loadModel: not valid JSON/);
    expectError(() => modelFromJSON('{"format":"something-else"}', ops), /^loadModel: format must be 'backprop-model', got "something-else"/);
    net.dispose();
    ops.dispose(a);
    ops.dispose(b);
    expect(ops.liveHandles()).toBe(before);
  });
}
