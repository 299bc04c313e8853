/**
 * Compiled kernels, one per (operation, shapes), least recently used first out.
 *
 * Compiling a gpu.js kernel costs milliseconds (a GLSL or WebAssembly compile), running one
 * costs microseconds, so a training loop must never compile twice for the same shapes. The
 * bound keeps a program that sees ever new shapes (say, a different batch size each call) from
 * growing without limit; when it is reached, the least recently used kernel is evicted.
 */
export interface CachedKernelHooks<K> {
  /** Called once for each kernel that leaves the cache (evicted or cleared). */
  evict(kernel: K): void;
}

export const DEFAULT_KERNEL_CACHE_SIZE = 512;

export class KernelCache<K> {
  // A Map iterates in insertion order; re-inserting on every hit keeps the oldest first.
  private readonly kernels = new Map<string, K>();
  private compiledCount = 0;

  constructor(
    readonly maxSize: number,
    private readonly hooks: CachedKernelHooks<K>,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new Error(`KernelCache: maxSize must be a positive integer, got ${String(maxSize)}`);
    }
  }

  get size(): number {
    return this.kernels.size;
  }

  /** How many kernels were compiled since creation (cache misses). */
  get compiled(): number {
    return this.compiledCount;
  }

  get(key: string, compile: () => K): K {
    const hit = this.kernels.get(key);
    if (hit !== undefined) {
      this.kernels.delete(key);
      this.kernels.set(key, hit);
      return hit;
    }
    const kernel = compile();
    this.compiledCount++;
    this.kernels.set(key, kernel);
    if (this.kernels.size > this.maxSize) {
      const [oldestKey, oldest] = this.kernels.entries().next().value as [string, K];
      this.kernels.delete(oldestKey);
      this.hooks.evict(oldest);
    }
    return kernel;
  }

  keys(): string[] {
    return [...this.kernels.keys()];
  }

  clear(): void {
    const all = [...this.kernels.values()];
    this.kernels.clear();
    for (const kernel of all) this.hooks.evict(kernel);
  }
}
