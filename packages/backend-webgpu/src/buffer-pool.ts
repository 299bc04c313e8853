/**
 * Storage buffers reused by size class, so that a training step allocates no GPU memory after
 * its first run. A size class is the size rounded up to a quarter of its power of two (at most
 * 25 % waste), at least 256 bytes.
 *
 * Each buffer remembers the last submit epoch that referenced it (GpuRuntime bumps the epoch at
 * every submit). A buffer freed while commands that use it are still being recorded may at once
 * become the OUTPUT of a later command in the same stream (the stream orders them), but not the
 * target of `queue.writeBuffer`, which runs before the whole unsubmitted stream: `acquireIdle`
 * hands out only buffers untouched since the last submit.
 */

/** Storage + copy in both directions: every matrix buffer can be written, read back and bound. */
const STORAGE_USAGE = 0x80 | 0x04 | 0x08; // GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST

export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  /** Bytes (the size class). */
  readonly size: number;
  /** The epoch of the last recorded command that bound this buffer. */
  epoch: number;
}

export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const quarter = 2 ** Math.floor(Math.log2(bytes)) / 4;
  return Math.ceil(bytes / quarter) * quarter;
}

export class BufferPool {
  private readonly free = new Map<number, PooledBuffer[]>();
  private freeBytes = 0;
  private freeCount = 0;
  private alive = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Free bytes kept for reuse; beyond this, idle buffers are destroyed. */
    private readonly keepBytes: number,
  ) {}

  /** A buffer of at least `bytes`, reused when one of its class is free. */
  acquire(bytes: number): PooledBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const reused = list?.pop();
    if (reused) {
      this.freeBytes -= size;
      this.freeCount--;
      return reused;
    }
    return this.create(size);
  }

  /**
   * A buffer no unsubmitted command references (epoch < `current`), for queue.writeBuffer; or
   * undefined when every free buffer of the class is still referenced (the caller submits, then
   * asks again), so that uploads never grow the pool while commands are pending.
   */
  acquireIdle(bytes: number, current: number): PooledBuffer | undefined {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    if (list && list.length > 0) {
      for (let i = list.length - 1; i >= 0; i--) {
        const b = list[i]!;
        if (b.epoch < current) {
          list[i] = list[list.length - 1]!;
          list.pop();
          this.freeBytes -= size;
          this.freeCount--;
          return b;
        }
      }
      return undefined;
    }
    return this.create(size);
  }

  release(b: PooledBuffer): void {
    let list = this.free.get(b.size);
    if (!list) this.free.set(b.size, (list = []));
    list.push(b);
    this.freeBytes += b.size;
    this.freeCount++;
  }

  /** Destroys idle free buffers (epoch < current) while more than keepBytes are free. */
  trim(current: number): void {
    if (this.freeBytes <= this.keepBytes) return;
    for (const [size, list] of this.free) {
      for (let i = list.length - 1; i >= 0 && this.freeBytes > this.keepBytes; i--) {
        const b = list[i]!;
        if (b.epoch >= current) continue;
        list.splice(i, 1);
        b.buffer.destroy();
        this.freeBytes -= size;
        this.freeCount--;
        this.alive--;
      }
    }
  }

  /** Buffers that exist (in use by a matrix or free in the pool), free ones, and free bytes. */
  stats(): { buffers: number; free: number; freeBytes: number } {
    return { buffers: this.alive, free: this.freeCount, freeBytes: this.freeBytes };
  }

  /** Destroys the free buffers (the caller destroys the ones still in use). */
  destroyFree(): void {
    for (const list of this.free.values()) for (const b of list) b.buffer.destroy();
    this.alive -= this.freeCount;
    this.free.clear();
    this.freeBytes = 0;
    this.freeCount = 0;
  }

  /** Counts a buffer destroyed by its owner. */
  forget(b: PooledBuffer): void {
    b.buffer.destroy();
    this.alive--;
  }

  private create(size: number): PooledBuffer {
    this.alive++;
    return { buffer: this.device.createBuffer({ size, usage: STORAGE_USAGE }), size, epoch: 0 };
  }
}
