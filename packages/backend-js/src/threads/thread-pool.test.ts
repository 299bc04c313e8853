import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { matmulBlock, matmulShare } from '../matmul/kernel.js';
import { ThreadPool, hardwareThreads, threadsAvailable } from './thread-pool.js';
import { workerSource, type MatmulJob } from './worker-source.js';

const shared = (values: number[]): Float64Array => {
  const array = new Float64Array(new SharedArrayBuffer(values.length * 8));
  array.set(values);
  return array;
};

/** C = A·Bᵀ for A 8×2 (rows 0..7 as [r, 1]) and Bᵀ = I: C equals A. */
function identityJob(pool: ThreadPool): { job: MatmulJob; expected: number[] } {
  const aValues = Array.from({ length: 8 }, (_, r) => [r, 1]).flat();
  const { array: counter, index: counterIndex } = pool.counter;
  Atomics.store(counter, counterIndex, 0);
  const job: MatmulJob = { a: shared(aValues), bt: shared([1, 0, 0, 1]), c: shared(new Array<number>(16).fill(-1)), m: 8, n: 2, k: 2, byRows: true, chunk: 4, counter, counterIndex };
  return { job, expected: aValues };
}

describe('ThreadPool', () => {
  it('is available in Node and counts hardware threads', () => {
    expect(threadsAvailable()).toBe(true);
    expect(hardwareThreads()).toBeGreaterThanOrEqual(1);
  });

  it('makes no pool for zero helpers', () => {
    expect(ThreadPool.create(0)).toBeUndefined();
  });

  it('workers compute the whole job when the main thread leaves them every chunk, and exit on close', async () => {
    const pool = ThreadPool.create(2)!;
    expect(await pool.whenReady()).toBe(2);
    const { job, expected } = identityJob(pool);
    // The main thread claims nothing: it only waits until the workers have claimed both chunks.
    const waitForClaims = (): void => {
      while (Atomics.load(job.counter, job.counterIndex) < job.m) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    };
    expect(pool.run(job, waitForClaims)).toBe(2);
    expect(Array.from(job.c)).toEqual(expected);
    expect(pool.jobsRun).toBe(2);
    await pool.close();
    expect(pool.readyHelpers()).toBe(0);
    await pool.close(); // a second close is harmless
  });

  it('main thread and workers share one job through the counter', async () => {
    const pool = ThreadPool.create(1)!;
    await pool.whenReady();
    const { job, expected } = identityJob(pool);
    pool.run(job, () => matmulShare(job.a, job.bt, job.c, job.m, job.n, job.k, job.byRows, job.chunk, job.counter, job.counterIndex));
    expect(Array.from(job.c)).toEqual(expected);
    await pool.close();
  });

  it('reports a job that failed in a worker as an error naming matmul', async () => {
    const pool = ThreadPool.create(1)!;
    await pool.whenReady();
    const { job } = identityJob(pool);
    // Without its arrays the kernel throws inside the worker.
    const bad = { ...job, a: undefined } as unknown as MatmulJob;
    // The main thread waits for the worker to take the job (the state word leaves JOB).
    const waitForPickUp = (): void => {
      const control = job.counter;
      while (Atomics.load(control, 0) === 1) Atomics.wait(control, 0, 1, 1);
    };
    expect(() => pool.run(bad, waitForPickUp)).toThrow('matmul: a worker thread failed while computing its share; that worker is no longer used');
    expect(pool.readyHelpers()).toBe(0);
    await pool.close();
  });

  it('builds its worker program from the kernel sources', () => {
    const source = workerSource();
    expect(source).toContain(`const matmulBlock = (${matmulBlock.toString()})`);
    expect(source).toContain('function matmulShare(');
    // Compiles (without running) as the CommonJS script a worker evaluates.
    expect(() => new Script(source)).not.toThrow();
  });
});
