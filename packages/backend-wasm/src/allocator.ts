/**
 * Storage for matrices in the WebAssembly module's linear memory: a bump pointer over memory
 * that grows on demand, with one free list per size class. Training allocates the same few
 * sizes every step, so after the first step almost every request is a free-list pop.
 *
 * Size classes: multiples of 64 bytes up to 4 KiB, then eight classes per power of two (at most
 * 12.5% of a block unused). Every block starts on a 64-byte boundary, so SIMD loads are aligned
 * and no two matrices share a cache line (threads write disjoint rows without false sharing).
 */
import { BackpropError } from '@backprop/core';

const ALIGN = 64;
const PAGE = 65536;

/** The byte size of the block that holds `bytes`. */
export function sizeClass(bytes: number): number {
  if (bytes <= 4096) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

export class Allocator {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** Bytes in blocks handed out and not freed. */
  bytesInUse = 0;

  /**
   * @param memory the module's memory; grown here when the free lists and the rest of memory cannot serve a request
   * @param base first byte the allocator may hand out (past the module's own data)
   * @param maxBytes the memory ceiling
   * @param onGrow called after every growth (views over the old buffer must be refreshed)
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
    private readonly onGrow: () => void,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A 64-byte-aligned block of at least `bytes` bytes; its address. */
  alloc(op: string, bytes: number): number {
    const size = sizeClass(bytes);
    let ptr = this.free.get(size)?.pop();
    if (ptr === undefined) {
      ptr = this.top;
      const end = ptr + size;
      if (end > this.memory.buffer.byteLength) this.grow(op, end);
      this.top = end;
    }
    this.bytesInUse += size;
    return ptr;
  }

  /** Returns a block (its address and the byte size it was asked for) to its free list. */
  release(ptr: number, bytes: number): void {
    const size = sizeClass(bytes);
    this.bytesInUse -= size;
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(ptr);
  }

  /** Bytes of linear memory in use by the allocator's blocks, free or not (the high-water mark). */
  get bytesReserved(): number {
    return this.top;
  }

  private grow(op: string, end: number): void {
    const current = this.memory.buffer.byteLength;
    if (end > this.maxBytes) {
      const mib = (n: number) => (n / 2 ** 20).toFixed(1);
      throw new BackpropError(
        op,
        `out of WebAssembly memory: this needs ${mib(end)} MiB of linear memory and the backend's ceiling is ${mib(this.maxBytes)} MiB (option maxMemoryMiB; wasm32 allows 4096 MiB)`,
      );
    }
    // Grow by at least a quarter of what there is, so that a growing workload grows memory rarely.
    const wanted = Math.min(this.maxBytes, Math.max(end, current + current / 4));
    const pages = Math.ceil((wanted - current) / PAGE);
    try {
      this.memory.grow(pages);
    } catch (error) {
      throw new BackpropError(op, `the runtime refused to grow WebAssembly memory to ${Math.round(wanted / 2 ** 20)} MiB (${error instanceof Error ? error.message : String(error)})`);
    }
    this.onGrow();
  }
}
