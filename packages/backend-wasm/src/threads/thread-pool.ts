/**
 * Helper threads that take a share of one kernel call, synchronously: the main thread writes the
 * job, wakes every ready helper, claims chunks alongside them, then waits until every helper
 * that started has finished. All threads run the same WebAssembly kernels over the same shared
 * memory, so a job is only a kernel name, a count, a chunk size and up to 14 numbers.
 */
import { BackpropError } from '@backprop/core';
import { exportedKernel, splittableKernels, type Kernels } from '../kernels.js';
import { JOB, MAX_ARGS, READY_OFFSET, SLOT_WORDS, STATE, controlBlock, type ControlLayout } from './protocol.js';
import type { HelperThread, Spawner } from './spawn.js';

/** Longest the main thread waits for one helper's share before it gives up with an error. */
const HELPER_TIMEOUT_MS = 60_000;

interface Helper {
  readonly thread: HelperThread;
  readonly slot: number;
  alive: boolean;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it spins instead). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class ThreadPool {
  private readonly control: ControlLayout;
  private readonly helpers: Helper[] = [];
  private readonly blocking = canBlock();
  private closed = false;
  private exits: Promise<void>[] = [];
  /** The kernels a job may name, and each one's index (what the job carries). */
  private readonly kernelIndex: ReadonlyMap<string, number>;
  /** Shares handed to helpers so far: lets tests see that the threads really worked. */
  jobsRun = 0;

  constructor(
    spawner: Spawner,
    helperCount: number,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    /** One scratch block per helper (the main thread has its own). */
    scratch: readonly number[],
    private readonly onProblem: (message: string) => void,
  ) {
    this.control = controlBlock(helperCount);
    const kernelNames = splittableKernels(module);
    this.kernelIndex = new Map(kernelNames.map((name, i) => [name, i]));
    for (let w = 0; w < helperCount; w++) {
      const slot = w * SLOT_WORDS;
      const helper: Helper = {
        slot,
        alive: true,
        thread: spawner.spawn(
          { module, memory, control: this.control.words.buffer as SharedArrayBuffer, slot, job: this.control.job, scratch: scratch[w]!, kernelNames },
          (message) => {
            helper.alive = false;
            this.onProblem(`a helper thread stopped with an error (${message}); work is split over the remaining threads`);
          },
          () => (helper.alive = false),
        ),
      };
      this.helpers.push(helper);
    }
  }

  get size(): number {
    return this.helpers.length;
  }

  /** Helpers that have started and can take a job now. A helper still starting is simply not used yet. */
  readyHelpers(): number {
    let ready = 0;
    for (const h of this.helpers) if (h.alive && Atomics.load(this.control.words, h.slot + READY_OFFSET) === 1) ready++;
    return ready;
  }

  /** Resolves once every helper has started (or after `timeoutMs`), with how many are ready. */
  async whenReady(timeoutMs = 10_000): Promise<number> {
    const start = Date.now();
    while (this.readyHelpers() < this.helpers.filter((h) => h.alive).length && Date.now() - start < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return this.readyHelpers();
  }

  /** Whether a job can carry this kernel and these many arguments. */
  canSplit(kernel: string, args: number): boolean {
    return args <= MAX_ARGS && this.kernelIndex.has(kernel);
  }

  /**
   * Runs `kernel(start, end, ...args)` over chunks of [0, total) on the main thread (through
   * `kernels`, its own instance) and every ready helper, and returns when all chunks are done.
   */
  run(kernels: Kernels, kernel: string, total: number, chunk: number, args: readonly number[]): void {
    const { words, job } = this.control;
    const index = this.kernelIndex.get(kernel);
    const f = exportedKernel(kernels, kernel);
    // Both are checked by the caller (canSplit); reaching here without them is a bug in this package.
    if (index === undefined || f === undefined) throw new Error(`wasm threads: '${kernel}' is not a kernel threads can split`);
    if (args.length > MAX_ARGS) throw new Error(`${kernel}: a job carries at most ${MAX_ARGS} arguments`);
    words[job + JOB.kernel] = index;
    words[job + JOB.total] = total;
    words[job + JOB.chunk] = chunk;
    this.control.args.fill(0);
    this.control.args.set(args);
    Atomics.store(words, job + JOB.counter, 0);
    const started: Helper[] = [];
    for (const h of this.helpers) {
      if (!h.alive || Atomics.load(words, h.slot + READY_OFFSET) !== 1) continue;
      Atomics.store(words, h.slot, STATE.job);
      Atomics.notify(words, h.slot);
      started.push(h);
    }
    try {
      for (;;) {
        const start = Atomics.add(words, job + JOB.counter, chunk);
        if (start >= total) break;
        f(start, Math.min(start + chunk, total), ...args);
      }
    } finally {
      this.collect(started, kernel);
    }
  }

  private collect(started: readonly Helper[], kernel: string): void {
    const words = this.control.words;
    let failure: string | undefined;
    for (const h of started) {
      // Not picked up yet: the main thread has claimed every chunk itself, so take the job back.
      if (Atomics.compareExchange(words, h.slot, STATE.job, STATE.idle) === STATE.job) continue;
      this.jobsRun++;
      const deadline = Date.now() + HELPER_TIMEOUT_MS;
      let state: number;
      while ((state = Atomics.load(words, h.slot)) === STATE.running) {
        if (this.blocking) Atomics.wait(words, h.slot, STATE.running, 1000);
        if (Date.now() > deadline) {
          failure = `a helper thread did not finish its share within ${HELPER_TIMEOUT_MS} ms`;
          break;
        }
      }
      if (state === STATE.failed) failure = 'a helper thread failed while computing its share';
      if (failure !== undefined) h.alive = false;
      Atomics.store(words, h.slot, STATE.idle);
    }
    if (failure !== undefined) throw new BackpropError(kernel, `${failure}; that thread is no longer used`);
  }

  /** Stops and terminates every helper; resolves once all have exited. Safe to call twice. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const h of this.helpers) {
        h.alive = false;
        Atomics.store(this.control.words, h.slot, STATE.exit);
        Atomics.notify(this.control.words, h.slot);
        this.exits.push(h.thread.terminate());
      }
    }
    return Promise.all(this.exits).then(() => undefined);
  }
}
