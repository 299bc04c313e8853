/**
 * Helper threads: elementwise kernels and fused updates split across threads give the same bits
 * as one thread, the helpers really take shares, and close() ends them.
 */
import { BackpropError, Ops, type Matrix } from '@backprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';
import { seededValues } from '@backprop/conformance/kit';
import type { WasmBackend } from './wasm-backend.js';

let single: WasmBackend;
let threaded: WasmBackend;
const ROWS = 300;
const COLS = 517; // not a multiple of 4, 8 or the chunk size: tails and uneven chunks

beforeAll(async () => {
  single = await createWasmBackend({ mode: 'single' });
  threaded = await createWasmBackend({ mode: 'threads', threads: 2, elementwiseThreshold: 1, matmulThreshold: 1 });
  expect(await threaded.threadsReady()).toBe(1);
});

afterAll(() => {
  single.close();
  threaded.close();
});

/** Runs `f` on both backends over the same seeded inputs; returns both results' data. */
function both(f: (ops: Ops, inputs: Matrix[]) => Matrix | Record<string, Matrix>): [Float32Array[], Float32Array[]] {
  return [single, threaded].map((backend) => {
    const inputs = [1, 2, 3, 4].map((seed) => backend.fromArray(seededValues(ROWS * COLS, seed), ROWS, COLS));
    const bias = backend.fromArray(seededValues(COLS, 9), 1, COLS);
    const out = f(new Ops(backend), [...inputs, bias]);
    const handles = out instanceof Object && 'rows' in out ? [out as Matrix] : Object.values(out);
    const data = [...new Set(handles)].map((h) => backend.readSync(h));
    for (const h of new Set([...inputs, bias, ...handles])) backend.dispose(h);
    return data;
  }) as [Float32Array[], Float32Array[]];
}

describe('work split across threads', () => {
  const cases: Record<string, (ops: Ops, m: Matrix[]) => Matrix | Record<string, Matrix>> = {
    'unary(tanh)': (ops, [a]) => ops.unary('tanh', a!),
    'unary(relu)': (ops, [a]) => ops.unary('relu', a!),
    'binary(mul) same shape': (ops, [a, b]) => ops.binary('mul', a!, b!),
    'binary(add) row broadcast': (ops, [a, , , , bias]) => ops.binary('add', a!, bias!),
    'binaryScalar(div)': (ops, [a]) => ops.binaryScalar('div', a!, 3),
    'activation(softmax)': (ops, [a]) => ops.activation({ kind: 'softmax', alpha: 0 }, a!),
    'activationBackward(sigmoid)': (ops, [a, b, c]) => ops.activationBackward({ kind: 'sigmoid', alpha: 0 }, a!, b!, c!),
    'denseForward(leakyRelu)': (ops, [a, , , , bias]) => ops.denseForward(a!, ops.backend.fromArray(seededValues(COLS * COLS, 7), COLS, COLS), bias!, { kind: 'leakyRelu', alpha: 0.1 }),
    'adamUpdate': (ops, [w, m, v, g]) => ops.adamUpdate(w!, m!, ops.unary('square', v!), g!, { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 3 }),
    'momentumUpdate': (ops, [w, v, g]) => ops.momentumUpdate(w!, v!, g!, 0.1, 0.9),
    'sgdUpdate': (ops, [w, g]) => ops.sgdUpdate(w!, g!, 0.1),
    // Kinds whose kernels exist only because the build printed core's programs.
    'activation(elu)': (ops, [a]) => ops.activation({ kind: 'elu', alpha: 0.5 }, a!),
    'activationBackward(gelu)': (ops, [a, b, c]) => ops.activationBackward({ kind: 'gelu', alpha: 0 }, a!, b!, c!),
    'denseForward(silu)': (ops, [a, , , , bias]) => ops.denseForward(a!, ops.backend.fromArray(seededValues(COLS * COLS, 7), COLS, COLS), bias!, { kind: 'silu', alpha: 0 }),
  };
  for (const [name, f] of Object.entries(cases)) {
    it(`${name}: the same bits on 2 threads as on 1`, () => {
      const [one, two] = both(f);
      expect(two.length).toBe(one.length);
      for (let i = 0; i < one.length; i++) expect(Array.from(two[i]!)).toEqual(Array.from(one[i]!));
    });
  }
  it('the helper thread took shares of the work', () => {
    // Per call a helper may wake after the main thread has claimed every chunk (it then takes the
    // job back): on a loaded machine that happens, so the count is over the whole suite.
    expect(threaded.threadJobsRun()).toBeGreaterThan(0);
  });
  it('a generated kernel is split too: helpers take shares of an ELU program', () => {
    const ops = new Ops(threaded);
    const z = threaded.fromArray(seededValues(ROWS * COLS, 5), ROWS, COLS);
    const before = threaded.threadJobsRun();
    for (let i = 0; i < 50 && threaded.threadJobsRun() === before; i++) threaded.dispose(ops.activation({ kind: 'elu', alpha: 1 }, z));
    expect(threaded.threadJobsRun()).toBeGreaterThan(before);
    threaded.dispose(z);
  });
  it('leaves nothing behind', () => {
    // The dense cases' w and adam's squared v were made inside the cases: they are the only leftovers.
    expect(single.liveHandles()).toBe(3);
    expect(threaded.liveHandles()).toBe(3);
  });
});

describe('close()', () => {
  it('ends the threads; the backend refuses work afterwards with a clear error', async () => {
    const backend = await createWasmBackend({ mode: 'threads', threads: 2 });
    await backend.threadsReady();
    const a = backend.fill(2, 2, 1);
    backend.close();
    expect(backend.threadJobsRun()).toBe(0);
    expect(() => backend.unary('neg', a)).toThrow(BackpropError);
    expect(() => backend.fill(1, 1, 0)).toThrow(/fill: this wasm backend was closed/);
    expect(() => backend.close()).not.toThrow();
  });
});
