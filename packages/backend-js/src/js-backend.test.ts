import { activationForwardProgram, BackpropError, Ops, updateProgram, type Matrix } from '@backprop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsBackend, type JsBackend } from './js-backend.js';

let open: JsBackend[] = [];
function make(options: Parameters<typeof createJsBackend>[0] = { threads: 1 }): JsBackend {
  const b = createJsBackend(options);
  open.push(b);
  return b;
}
afterEach(() => {
  open.forEach((b) => b.close());
  open = [];
});

describe('createJsBackend', () => {
  it('describes itself per precision', () => {
    expect(make({ threads: 1 }).info).toMatchObject({ name: 'js', engine: 'float32', precision: 'float32', threads: 1, limits: [] });
    expect(make({ precision: 'float64', threads: 1 }).info).toMatchObject({ name: 'js', engine: 'float64', precision: 'float64' });
  });

  it('defaults to float32 and to the machine threads in Node', () => {
    const b = make({});
    expect(b.info.precision).toBe('float32');
    expect(b.info.threads).toBeGreaterThanOrEqual(1);
  });

  it('refuses a bad precision or thread count, naming what came', () => {
    expect(() => createJsBackend({ precision: 'float16' as 'float32' })).toThrow("createJsBackend: precision must be 'float32' or 'float64', got float16");
    expect(() => createJsBackend({ threads: 0 })).toThrow('createJsBackend: threads must be a positive integer, got 0');
    expect(() => createJsBackend({ threads: 1.5 })).toThrow(BackpropError);
    expect(() => createJsBackend({ threadThreshold: -1 })).toThrow('createJsBackend: threadThreshold must be a number ≥ 0 (multiply-adds), got -1');
  });
});

describe.each(['float32', 'float64'] as const)('storage, %s', (precision) => {
  const TypedArray = precision === 'float32' ? Float32Array : Float64Array;

  it('fromArray copies plain arrays and typed arrays; read and readSync return caller-owned copies', async () => {
    const b = make({ precision, threads: 1 });
    const source = [1, 2.5, -3, 4, 5, 6];
    const m = b.fromArray(source, 2, 3);
    const t = b.fromArray(new Float64Array(source), 3, 2);
    expect([m.rows, m.cols, t.rows, t.cols]).toEqual([2, 3, 3, 2]);
    const copy = b.readSync(m);
    expect(copy).toBeInstanceOf(TypedArray);
    expect(Array.from(copy)).toEqual(source);
    copy[0] = 99;
    const again = await b.read(m);
    expect(again).toBeInstanceOf(TypedArray);
    expect(again[0]).toBe(1);
    expect(Array.from(b.readSync(t))).toEqual(source);
    source[0] = 42; // the matrix copied its input
    expect(b.readSync(m)[0]).toBe(1);
  });

  it('fill sets every element', () => {
    const b = make({ precision, threads: 1 });
    expect(Array.from(b.readSync(b.fill(3, 5, 0.25)))).toEqual(new Array(15).fill(0.25));
  });

  it('stores float32 values rounded to float32 and float64 exactly', () => {
    const b = make({ precision, threads: 1 });
    const v = b.readSync(b.fromArray([0.1], 1, 1))[0];
    expect(v).toBe(precision === 'float32' ? Math.fround(0.1) : 0.1);
  });

  it('hostArray is the live storage: writing it changes the matrix', () => {
    const b = make({ precision, threads: 1 });
    const m = b.fromArray([1, 2, 3], 1, 3);
    const host = b.hostArray(m);
    host[1] = -7;
    expect(Array.from(b.readSync(m))).toEqual([1, -7, 3]);
  });
});

describe('handles', () => {
  it('liveHandles counts every handle made and not disposed, across all ops', () => {
    const b = make();
    expect(b.liveHandles()).toBe(0);
    const a = b.fromArray([1, 2, 3, 4], 2, 2);
    const c = b.fill(2, 2, 1);
    const made: Matrix[] = [
      b.matmul(a, c, false, true),
      b.unary('exp', a),
      b.binary('add', a, c),
      b.binaryScalar('mul', a, 2),
      b.reduce('sum', a, 0),
      ...b.elementwise(activationForwardProgram('relu'), [a], []),
    ];
    expect(b.liveHandles()).toBe(8);
    const dense = b.denseForward(a, c, b.fill(1, 2, 0), { kind: 'linear', alpha: 0 });
    expect(dense.a).toBe(dense.z); // documented: linear returns z itself
    expect(b.liveHandles()).toBe(10);
    for (const m of made) b.dispose(m);
    b.dispose(dense.z);
    expect(b.liveHandles()).toBe(3);
  });

  it('using a disposed handle throws an error naming the operation', () => {
    const b = make();
    const a = b.fromArray([1, 2], 1, 2);
    const other = b.fromArray([1, 2], 2, 1);
    b.dispose(a);
    expect(() => b.matmul(a, other, false, false)).toThrow('matmul: a [1,2] was already disposed; a handle cannot be used after dispose');
    expect(() => b.matmul(other, a, false, false)).toThrow('matmul: b [1,2] was already disposed');
    expect(() => b.unary('exp', a)).toThrow('unary(exp): argument [1,2] was already disposed');
    expect(() => b.readSync(a)).toThrow('readSync: argument [1,2] was already disposed');
    expect(() => b.hostArray(a)).toThrow('hostArray: argument');
    expect(() => b.dispose(a)).toThrow('dispose: argument [1,2] was already disposed');
    expect(() => b.elementwise(updateProgram('sgd'), [a, a], [0.1])).toThrow('elementwise(update.sgd): p [1,2] was already disposed');
    expect(b.liveHandles()).toBe(1);
  });

  it('read of a disposed handle rejects rather than throwing synchronously', async () => {
    const b = make();
    const a = b.fromArray([1], 1, 1);
    b.dispose(a);
    await expect(b.read(a)).rejects.toThrow('read: argument [1,1] was already disposed');
  });

  it('refuses handles of another backend instance and foreign objects', () => {
    const b = make();
    const other = make();
    const theirs = other.fromArray([1], 1, 1);
    expect(() => b.unary('neg', theirs)).toThrow('unary(neg): argument must be a handle made by this js backend, got a handle [1,1] of another js backend instance');
    expect(() => b.dispose({ rows: 1, cols: 1 })).toThrow('dispose: argument must be a handle made by this js backend, got a Object [1,1]');
  });

  it('reuses a freed buffer of the same size, and never one that a live handle holds', () => {
    const b = make();
    const handles = Array.from({ length: 6 }, (_, i) => b.fill(4, 4, i));
    const freedBuffer = b.hostArray(handles[2]!);
    b.dispose(handles[2]!);
    b.dispose(handles[4]!);
    const reused = b.fill(4, 4, 100); // takes one of the freed buffers
    const fresh = b.fill(4, 4, 200);
    const third = b.fill(4, 4, 300); // the pool is now empty: a new buffer
    const liveArrays = [0, 1, 3, 5].map((i) => b.hostArray(handles[i]!)).concat([b.hostArray(reused), b.hostArray(fresh), b.hostArray(third)]);
    expect(new Set(liveArrays).size).toBe(liveArrays.length);
    expect(new Set(liveArrays.map((x) => x.buffer)).size).toBe(liveArrays.length);
    expect(liveArrays).toContain(freedBuffer);
    // Writing through the new handles left every other live matrix as it was.
    for (const i of [0, 1, 3, 5]) expect(Array.from(b.readSync(handles[i]!))).toEqual(new Array(16).fill(i));
    expect(b.readSync(reused)[0]).toBe(100);
    expect(b.readSync(third)[0]).toBe(300);
  });

  it('an op result never shares storage with its inputs, even when their buffers were just freed', () => {
    const b = make();
    const a = b.fromArray([1, 2, 3, 4], 2, 2);
    const tmp = b.unary('neg', a);
    b.dispose(tmp);
    const out = b.binary('mul', a, a); // same size as the freed tmp: reuses its buffer, not a's
    expect(b.hostArray(out)).not.toBe(b.hostArray(a));
    expect(Array.from(b.readSync(out))).toEqual([1, 4, 9, 16]);
    expect(Array.from(b.readSync(a))).toEqual([1, 2, 3, 4]);
  });
});

describe('close', () => {
  it('makes every later call fail with a clear message, and may be called twice', () => {
    const b = make({ threads: 2 });
    const a = b.fromArray([1], 1, 1);
    b.close();
    b.close();
    expect(() => b.fill(1, 1, 0)).toThrow('fill: this js backend was closed; create a new one');
    expect(() => b.unary('neg', a)).toThrow('unary(neg): this js backend was closed');
  });

  it('terminates the worker threads so nothing keeps the process alive', async () => {
    const b = make({ threads: 2, threadThreshold: 1 });
    expect(await b.threadsReady()).toBe(1);
    const x = b.fromArray(Array.from({ length: 64 }, (_, i) => i), 8, 8);
    b.matmul(x, x, false, false);
    expect(b.threadJobsRun()).toBe(1);
    b.close();
    expect(b.threadJobsRun()).toBe(0);
  });
});

describe('through core', () => {
  it('Ops lists every composite as overridden and validates before the backend sees the call', () => {
    const ops = new Ops(make());
    expect(ops.overrides()).toEqual(['activation', 'activationBackward', 'denseForward', 'outputError', 'lossValue', 'sgdUpdate', 'momentumUpdate', 'adamUpdate']);
    const a = ops.fromArray([1, 2], 1, 2);
    expect(() => ops.matmul(a, a)).toThrow('matmul: inner sizes differ, [1,2] × [1,2]');
    expect(ops.readSync(ops.matmul(a, a, false, true))![0]).toBe(5);
  });
});
