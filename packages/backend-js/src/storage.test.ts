import { describe, expect, it } from 'vitest';
import { BufferPool, allocateFloats } from './storage.js';

describe('allocateFloats', () => {
  it('makes zeroed arrays of the precision asked, shared or not', () => {
    const f32 = allocateFloats('float32', 5, false);
    const f64 = allocateFloats('float64', 3, true);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32.buffer).toBeInstanceOf(ArrayBuffer);
    expect(f64).toBeInstanceOf(Float64Array);
    expect(f64.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...f32, ...f64]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('BufferPool', () => {
  it('hands a given-back buffer to the next taker of that length only, once', () => {
    const pool = new BufferPool('float32', false);
    const a = pool.take(8);
    pool.give(a);
    expect(pool.bytes).toBe(32);
    expect(pool.take(4)).not.toBe(a); // another length: a fresh buffer
    expect(pool.take(8)).toBe(a);
    expect(pool.take(8)).not.toBe(a); // taken already: never handed out twice
    expect(pool.bytes).toBe(0);
  });

  it('keeps at most its byte budget and lets the rest go', () => {
    const pool = new BufferPool('float64', false, 100);
    const kept = pool.take(10); // 80 bytes
    const dropped = pool.take(5); // 40 more would exceed 100
    pool.give(kept);
    pool.give(dropped);
    expect(pool.bytes).toBe(80);
    expect(pool.take(5)).not.toBe(dropped);
    expect(pool.take(10)).toBe(kept);
  });

  it('clear() forgets every pooled buffer', () => {
    const pool = new BufferPool('float32', true);
    const a = pool.take(2);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    pool.give(a);
    pool.clear();
    expect(pool.bytes).toBe(0);
    expect(pool.take(2)).not.toBe(a);
  });
});
