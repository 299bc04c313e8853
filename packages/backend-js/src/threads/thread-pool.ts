/**
 * Helper threads that take a share of a big matmul, synchronously: the main thread hands the
 * job to every ready helper, computes chunks of the result alongside them, then waits until
 * every helper that started has finished writing into the shared result. The threads are the
 * platform's (package.json `imports`, `#threads-platform`): worker_threads in Node, Web Workers
 * over SharedArrayBuffer in a cross-origin isolated page. Where neither can run, create()
 * returns undefined and the backend runs on one thread.
 */
import { BackpropError } from '@backprop/core';
import { MAIN_THREAD_CAN_BLOCK, hardwareThreads, spawnHelper, threadSupport, threadsLimit } from '#threads-platform';
import type { HelperThread } from './helper-thread.js';
import { READY_OFFSET, SEQ_OFFSET, SLOT_STRIDE, STATE, type MatmulJob } from './worker-source.js';

export { hardwareThreads, threadSupport, threadsLimit };

/** Longest the main thread waits for one worker's share before it gives up with an error. */
const WORKER_TIMEOUT_MS = 60_000;

/** Whether this runtime can run the backend's helper threads. */
export function threadsAvailable(): boolean {
  return threadSupport().ok;
}

/**
 * Waits while `array[index]` is `value`: Atomics.wait where this thread may block, else a spin
 * (a page's main thread). Returns 'timed-out' after `timeoutMs`.
 */
function waitWhile(array: Int32Array, index: number, value: number, timeoutMs: number): 'ok' | 'timed-out' {
  if (MAIN_THREAD_CAN_BLOCK) return Atomics.wait(array, index, value, timeoutMs) === 'timed-out' ? 'timed-out' : 'ok';
  const deadline = performance.now() + timeoutMs;
  while (Atomics.load(array, index) === value) if (performance.now() > deadline) return 'timed-out';
  return 'ok';
}

interface Helper {
  readonly thread: HelperThread;
  readonly slot: number;
  alive: boolean;
}

export class ThreadPool {
  private readonly control: Int32Array;
  private readonly helpers: Helper[] = [];
  private closed = false;
  private readonly exits: Promise<void>[] = [];
  /** The number of the latest job, stored in each started helper's slot (see worker-source.ts). */
  private seq = 0;
  /** Jobs handed to workers so far (one per worker per shared matmul): lets tests see that the threads really worked. */
  jobsRun = 0;

  private constructor(
    helperCount: number,
    private readonly onProblem: (message: string) => void,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer((helperCount + 1) * SLOT_STRIDE * 4));
    for (let w = 0; w < helperCount; w++) {
      const slot = w * SLOT_STRIDE;
      // The thread's events mark this same object (it becomes the Helper below).
      const status = { alive: true };
      const thread = spawnHelper(this.control, slot, {
        onError: (message) => {
          status.alive = false;
          this.onProblem(`a worker thread stopped with an error (${message}); big matmuls use the remaining threads`);
        },
        onExit: () => (status.alive = false),
      });
      const helper: Helper = Object.assign(status, { thread, slot });
      this.helpers.push(helper);
    }
  }

  /**
   * A pool of `helperCount` workers (the main thread is the extra one), or undefined where
   * threads are unavailable. `onProblem` hears of a worker that died.
   */
  static create(helperCount: number, onProblem: (message: string) => void = () => undefined): ThreadPool | undefined {
    if (helperCount < 1 || !threadSupport().ok) return undefined;
    return new ThreadPool(helperCount, onProblem);
  }

  /** Workers that have started and can take a job now. A worker still starting is simply not used yet. */
  readyHelpers(): number {
    let ready = 0;
    for (const h of this.helpers) if (h.alive && Atomics.load(this.control, h.slot + READY_OFFSET) === 1) ready++;
    return ready;
  }

  /** Resolves once every worker has started (or after `timeoutMs`), with how many are ready. */
  async whenReady(timeoutMs = 10_000): Promise<number> {
    const start = Date.now();
    while (this.readyHelpers() < this.helpers.filter((h) => h.alive).length && Date.now() - start < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return this.readyHelpers();
  }

  /** A shared Int32 word (on its own cache line) that a job's threads claim chunks from. */
  get counter(): { array: Int32Array; index: number } {
    return { array: this.control, index: this.helpers.length * SLOT_STRIDE };
  }

  /**
   * Hands `job` to every ready worker while the main thread runs `mainShare`, which must go on
   * claiming chunks until none are left (matmulShare does); then waits for the workers that
   * started. Returns how many workers the job was offered to.
   */
  run(job: MatmulJob, mainShare: () => void): number {
    const started: Helper[] = [];
    const seq = ++this.seq;
    for (const h of this.helpers) {
      if (!h.alive || Atomics.load(this.control, h.slot + READY_OFFSET) !== 1) continue;
      Atomics.store(this.control, h.slot + SEQ_OFFSET, seq);
      h.thread.post(job, seq);
      Atomics.store(this.control, h.slot, STATE.job);
      Atomics.notify(this.control, h.slot);
      started.push(h);
      this.jobsRun++;
    }
    try {
      mainShare();
    } finally {
      this.collect(started);
    }
    return started.length;
  }

  private collect(started: readonly Helper[]): void {
    let failure: string | undefined;
    for (const h of started) {
      // Not picked up yet: the main thread has claimed every chunk itself, so take the job back.
      if (Atomics.compareExchange(this.control, h.slot, STATE.job, STATE.idle) === STATE.job) continue;
      let state: number;
      while ((state = Atomics.load(this.control, h.slot)) === STATE.running) {
        if (waitWhile(this.control, h.slot, STATE.running, WORKER_TIMEOUT_MS) === 'timed-out') {
          h.alive = false;
          failure = `a worker thread did not finish its share within ${WORKER_TIMEOUT_MS} ms`;
          break;
        }
      }
      if (state === STATE.failed) {
        h.alive = false;
        failure = 'a worker thread failed while computing its share';
      }
      Atomics.store(this.control, h.slot, STATE.idle);
    }
    if (failure !== undefined) throw new BackpropError('matmul', `${failure}; that worker is no longer used`);
  }

  get size(): number {
    return this.helpers.length;
  }

  /** Stops and terminates every worker; resolves once all have exited. Safe to call twice. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const h of this.helpers) {
        h.alive = false;
        Atomics.store(this.control, h.slot, STATE.exit);
        Atomics.notify(this.control, h.slot);
        this.exits.push(h.thread.terminate());
      }
    }
    return Promise.all(this.exits).then(() => undefined);
  }
}
