/**
 * Worker threads that take a share of a big matmul, synchronously: the main thread hands the
 * job to every ready worker, computes chunks of the result alongside them, then blocks in
 * Atomics.wait until every worker that started has finished writing into the shared result.
 * Node only (20.16 or later, for process.getBuiltinModule, which keeps this module free of a
 * static node: import so that it loads in browsers too): where worker_threads or
 * SharedArrayBuffer is missing, create() returns undefined and the backend runs on one thread.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { BackpropError } from '@backprop/core';
import { READY_OFFSET, SLOT_STRIDE, STATE, workerSource, type MatmulJob } from './worker-source.js';

type WorkerThreadsModule = typeof import('node:worker_threads');

/** Longest the main thread waits for one worker's share before it gives up with an error. */
const WORKER_TIMEOUT_MS = 60_000;

function loadWorkerThreads(): WorkerThreadsModule | undefined {
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  try {
    return proc.getBuiltinModule('node:worker_threads') as WorkerThreadsModule | undefined;
  } catch {
    return undefined;
  }
}

/** Whether this runtime can run the backend's worker threads. */
export function threadsAvailable(): boolean {
  return loadWorkerThreads() !== undefined;
}

/** How many threads this machine offers (1 where it cannot tell). */
export function hardwareThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  if (os === undefined) return 1;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly slot: number;
  alive: boolean;
}

export class ThreadPool {
  private readonly control: Int32Array;
  private readonly helpers: Helper[] = [];
  private closed = false;
  private readonly exits: Promise<void>[] = [];
  /** Jobs handed to workers so far (one per worker per shared matmul): lets tests see that the threads really worked. */
  jobsRun = 0;

  private constructor(
    module: WorkerThreadsModule,
    helperCount: number,
    private readonly onProblem: (message: string) => void,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer((helperCount + 1) * SLOT_STRIDE * 4));
    const source = workerSource();
    for (let w = 0; w < helperCount; w++) {
      const { port1, port2 } = new module.MessageChannel();
      const slot = w * SLOT_STRIDE;
      const worker = new module.Worker(source, {
        eval: true,
        workerData: { control: this.control, slot, port: port2 },
        transferList: [port2],
      });
      // Workers must never keep a process alive: close() terminates them, and until then they are unref'd.
      worker.unref();
      port1.unref();
      const helper: Helper = { worker, port: port1, slot, alive: true };
      worker.on('error', (error: Error) => {
        helper.alive = false;
        this.onProblem(`a worker thread stopped with an error (${error.message}); big matmuls use the remaining threads`);
      });
      worker.on('exit', () => (helper.alive = false));
      this.helpers.push(helper);
    }
  }

  /**
   * A pool of `helperCount` workers (the main thread is the extra one), or undefined where
   * threads are unavailable. `onProblem` hears of a worker that died.
   */
  static create(helperCount: number, onProblem: (message: string) => void = () => undefined): ThreadPool | undefined {
    if (helperCount < 1) return undefined;
    const module = loadWorkerThreads();
    if (module === undefined) return undefined;
    return new ThreadPool(module, helperCount, onProblem);
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
    for (const h of this.helpers) {
      if (!h.alive || Atomics.load(this.control, h.slot + READY_OFFSET) !== 1) continue;
      h.port.postMessage(job);
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
        if (Atomics.wait(this.control, h.slot, STATE.running, WORKER_TIMEOUT_MS) === 'timed-out') {
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
        h.port.close();
        this.exits.push(h.worker.terminate().then(() => undefined));
      }
    }
    return Promise.all(this.exits).then(() => undefined);
  }
}
