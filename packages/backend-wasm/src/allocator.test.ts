import { BackpropError } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { Allocator, sizeClass } from './allocator.js';

const PAGE = 65536;

function allocatorOver(pages: number, maxPages: number) {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: maxPages, shared: true });
  let grown = 0;
  const allocator = new Allocator(memory, 100, maxPages * PAGE, () => grown++);
  return { memory, allocator, grown: () => grown };
}

describe('sizeClass', () => {
  it('is 64-byte granular up to 4 KiB, then at most 12.5% above the request', () => {
    expect(sizeClass(0)).toBe(64);
    expect(sizeClass(4)).toBe(64);
    expect(sizeClass(65)).toBe(128);
    expect(sizeClass(4096)).toBe(4096);
    for (const bytes of [4097, 5000, 65_537, 1_000_000, 123_456_789]) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size).toBeLessThanOrEqual(bytes * 1.125);
      expect(size % 64).toBe(0);
    }
  });
});

describe('Allocator', () => {
  it('hands out aligned, disjoint blocks after the base', () => {
    const { allocator } = allocatorOver(1, 16);
    const a = allocator.alloc('test', 10);
    const b = allocator.alloc('test', 100);
    const c = allocator.alloc('test', 5000);
    expect(a).toBe(128);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 64);
    expect(c).toBeGreaterThanOrEqual(b + 128);
    expect(allocator.bytesInUse).toBe(64 + 128 + sizeClass(5000));
  });

  it('reuses a released block of the same size class', () => {
    const { allocator } = allocatorOver(1, 16);
    const a = allocator.alloc('test', 1000);
    allocator.release(a, 1000);
    expect(allocator.bytesInUse).toBe(0);
    expect(allocator.alloc('test', 1000)).toBe(a);
    expect(allocator.alloc('test', 1000)).not.toBe(a);
  });

  it('grows memory when the blocks reach its end, and reports it', () => {
    const { allocator, memory, grown } = allocatorOver(1, 64);
    const p = allocator.alloc('test', 3 * PAGE);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(p + 3 * PAGE);
    expect(grown()).toBe(1);
  });

  it('refuses past the ceiling with an error naming the operation and the sizes', () => {
    const { allocator } = allocatorOver(1, 16);
    expect(() => allocator.alloc('matmul', 2 * 2 ** 20)).toThrow(BackpropError);
    expect(() => allocator.alloc('matmul', 2 * 2 ** 20)).toThrow(/matmul: out of WebAssembly memory: this needs 2\.0 MiB .* ceiling is 1\.0 MiB/);
  });
});
