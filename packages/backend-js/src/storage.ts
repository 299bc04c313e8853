/**
 * Typed-array storage for matrices, and a pool that reuses freed buffers by length.
 *
 * Buffers live in SharedArrayBuffers when worker threads are in use, so that a worker can write
 * its share of a matmul straight into the result; otherwise in ordinary ArrayBuffers (browsers
 * without cross-origin isolation have no SharedArrayBuffer at all).
 */
import type { Precision } from '@backprop/core';

export type FloatArray = Float32Array | Float64Array;

export function bytesPerElement(precision: Precision): number {
  return precision === 'float32' ? 4 : 8;
}

/** A new zero-filled array of `length` elements in the given precision. */
export function allocateFloats(precision: Precision, length: number, shared: boolean): FloatArray {
  const bytes = length * bytesPerElement(precision);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return precision === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
}

/** How many bytes of freed buffers the pool keeps at most; beyond that, freed buffers go to the GC. */
export const DEFAULT_POOL_BYTES = 128 * 1024 * 1024;

/**
 * Freed buffers, keyed by element count. A buffer enters the pool only from dispose(), after
 * its handle has let go of it, and leaves it to exactly one new handle: the pool never holds a
 * buffer that a live handle still references, and never hands one buffer out twice.
 */
export class BufferPool {
  private readonly free = new Map<number, FloatArray[]>();
  private pooledBytes = 0;

  constructor(
    private readonly precision: Precision,
    private readonly shared: boolean,
    private readonly maxBytes = DEFAULT_POOL_BYTES,
  ) {}

  /**
   * A buffer of exactly `length` elements. A reused one holds whatever its last matrix left in
   * it: every operation of this backend overwrites all of its result.
   */
  take(length: number): FloatArray {
    const reused = this.free.get(length)?.pop();
    if (reused === undefined) return allocateFloats(this.precision, length, this.shared);
    this.pooledBytes -= reused.byteLength;
    return reused;
  }

  /** Takes back a buffer that no handle references any more. */
  give(buffer: FloatArray): void {
    if (this.pooledBytes + buffer.byteLength > this.maxBytes) return;
    let list = this.free.get(buffer.length);
    if (list === undefined) {
      list = [];
      this.free.set(buffer.length, list);
    }
    list.push(buffer);
    this.pooledBytes += buffer.byteLength;
  }

  /** Bytes currently held for reuse. */
  get bytes(): number {
    return this.pooledBytes;
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}
