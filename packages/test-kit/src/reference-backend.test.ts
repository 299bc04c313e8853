import { BackpropError } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from './index.js';

describe('the reference backend', () => {
  it('computes each primitive as the contract says, with every broadcast', async () => {
    const b = createReferenceBackend();
    const a = b.fromArray([1, 2, 3, 4, 5, 6], 2, 3);
    const w = b.fromArray([1, 0, 0, 1, 1, 1], 3, 2);
    const read = async (m: ReturnType<typeof b.fill>) => Array.from(await b.read(m));
    expect(await read(b.matmul(a, w, false, false))).toEqual([4, 5, 10, 11]);
    expect(await read(b.matmul(a, a, false, true))).toEqual([14, 32, 32, 77]);
    expect(await read(b.matmul(a, a, true, false))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(await read(b.matmul(w, a, true, true))).toEqual([4, 10, 5, 11]);
    expect(await read(b.binary('add', a, b.fromArray([10, 20, 30], 1, 3)))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(await read(b.binary('mul', a, b.fromArray([2, 3], 2, 1)))).toEqual([2, 4, 6, 12, 15, 18]);
    expect(await read(b.binary('greater', a, b.fromArray([3], 1, 1)))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(await read(b.binaryScalar('sub', a, 1))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await read(b.unary('step', b.binaryScalar('sub', a, 3)))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(await read(b.reduce('sum', a, 0))).toEqual([5, 7, 9]);
    expect(await read(b.reduce('max', a, 1))).toEqual([3, 6]);
    expect(b.reduce('sum', a, 1)).toMatchObject({ rows: 2, cols: 1 });
  });

  it('float32 rounds what it stores; float64 keeps it', async () => {
    const third = 1 / 3;
    const f32 = createReferenceBackend({ precision: 'float32' });
    expect((await f32.read(f32.fill(1, 1, 0))).constructor).toBe(Float32Array);
    expect((await f32.read(f32.fromArray([third], 1, 1)))[0]).toBe(Math.fround(third));
    const f64 = createReferenceBackend();
    expect((await f64.read(f64.fromArray([third], 1, 1)))[0]).toBe(third);
    expect(f32.info).toMatchObject({ name: 'reference', engine: 'float32', precision: 'float32' });
    expect(() => createReferenceBackend({ precision: 'float16' as 'float32' })).toThrow("precision must be 'float32' or 'float64', got float16");
  });

  it('follows the handle rule: live count, no use after dispose, no foreign handles', () => {
    const b = createReferenceBackend();
    const other = createReferenceBackend();
    const m = b.fill(2, 2, 1);
    expect(b.liveHandles()).toBe(1);
    b.dispose(m);
    expect(b.liveHandles()).toBe(0);
    expect(() => b.dispose(m)).toThrow(BackpropError);
    expect(() => b.unary('neg', other.fill(1, 1, 0))).toThrow(BackpropError);
  });
});
