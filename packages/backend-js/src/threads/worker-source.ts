/**
 * The worker threads' program, as source text for `new Worker(code, { eval: true })`.
 *
 * It is built from the kernel function's own source, so the workers run exactly the code the
 * main thread runs, and nothing needs a separate .js file resolved at run time (which would
 * differ between the TypeScript sources that tests load and the built package).
 *
 * Protocol, one Int32 state word per worker (each on its own 64-byte line, no false sharing):
 * the main thread posts the job on each worker's MessagePort, stores JOB and notifies; the
 * worker wakes from Atomics.wait, takes the message synchronously with receiveMessageOnPort,
 * claims chunks of the result from the job's shared counter alongside the main thread
 * (matmulShare), stores DONE (or FAILED) and notifies. The worker never returns to its event
 * loop, so no message or timer of the parent's is ever needed to wake it. Jobs the main thread
 * took back stay unread in the port; a worker drains it and runs only the newest job.
 */
import { matmulBlock, matmulShare } from '../matmul/kernel.js';

/**
 * A worker's state word: IDLE → JOB (posted by the main thread) → RUNNING (taken by the worker,
 * by compare-and-swap) → DONE or FAILED → IDLE (reset by the main thread). The main thread may
 * also take a JOB back to IDLE when it has finished all the work itself before the worker woke:
 * then it never waits on a worker that the OS has not scheduled yet.
 */
export const STATE = { idle: 0, job: 1, running: 2, done: 3, failed: 4, exit: 5 } as const;
/** Int32 words between two workers' slots: 16 words = 64 bytes. */
export const SLOT_STRIDE = 16;
/** Offset in a slot of the word a worker sets to 1 once it has started. */
export const READY_OFFSET = 1;
/** Offset in a slot of the current job's number (browser workers use it to skip a stale message). */
export const SEQ_OFFSET = 2;

/** A matmul shared by all threads: the arguments of matmulShare. */
export interface MatmulJob {
  readonly a: Float64Array;
  readonly bt: Float64Array;
  readonly c: Float32Array | Float64Array;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly byRows: boolean;
  readonly chunk: number;
  readonly counter: Int32Array;
  readonly counterIndex: number;
}

/**
 * The kernels as source. Each is bound to its own `.name`: in a minified bundle matmulShare calls
 * matmulBlock by its minified name, and `.name` is that name.
 */
function kernelSources(): string {
  return `const ${matmulBlock.name} = (${matmulBlock.toString()});
const matmulShare = (${matmulShare.toString()});`;
}

/** Node's worker program (worker_threads, `eval: true`): blocks in Atomics.wait between jobs. */
export function workerSource(): string {
  return `'use strict';
// getBuiltinModule works whether Node runs this as CommonJS or as a module (a parent started
// with --input-type=module passes that flag on to its workers); require is the older fallback.
const { workerData, receiveMessageOnPort } =
  typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads');
${kernelSources()}
const { control, slot, port } = workerData;
const JOB = ${STATE.job}, RUNNING = ${STATE.running}, DONE = ${STATE.done}, FAILED = ${STATE.failed}, EXIT = ${STATE.exit};
Atomics.store(control, slot + ${READY_OFFSET}, 1);
for (;;) {
  let s;
  while ((s = Atomics.load(control, slot)) !== JOB && s !== EXIT) Atomics.wait(control, slot, s);
  if (s === EXIT) break;
  if (Atomics.compareExchange(control, slot, JOB, RUNNING) !== JOB) continue;
  let outcome = FAILED;
  try {
    let received, newest;
    while ((received = receiveMessageOnPort(port)) !== undefined) newest = received;
    if (newest !== undefined) {
      const j = newest.message;
      matmulShare(j.a, j.bt, j.c, j.m, j.n, j.k, j.byRows, j.chunk, j.counter, j.counterIndex);
      outcome = DONE;
    }
  } catch (error) {
    outcome = FAILED;
  }
  Atomics.store(control, slot, outcome);
  Atomics.notify(control, slot);
}
port.close();
`;
}

/**
 * A browser's worker program (a classic Web Worker from a Blob). A Web Worker receives messages
 * only from its event loop, so it waits there rather than in Atomics.wait: the first message
 * brings the shared control array, each later one a job. The state word decides who runs a
 * job, as in Node; the job number in the slot tells a job the main thread took back (and then
 * replaced) from the current one.
 */
export function browserWorkerSource(): string {
  return `'use strict';
${kernelSources()}
const JOB = ${STATE.job}, RUNNING = ${STATE.running}, DONE = ${STATE.done}, FAILED = ${STATE.failed};
let control, slot;
self.onmessage = (event) => {
  const data = event.data;
  if (data.init) {
    control = data.control;
    slot = data.slot;
    Atomics.store(control, slot + ${READY_OFFSET}, 1);
    return;
  }
  if (Atomics.load(control, slot + ${SEQ_OFFSET}) !== data.seq) return;
  if (Atomics.compareExchange(control, slot, JOB, RUNNING) !== JOB) return;
  let outcome = FAILED;
  try {
    // Claimed, but for a newer job than this message's: compute nothing (the other threads claim every chunk).
    if (Atomics.load(control, slot + ${SEQ_OFFSET}) === data.seq) {
      const j = data.job;
      matmulShare(j.a, j.bt, j.c, j.m, j.n, j.k, j.byRows, j.chunk, j.counter, j.counterIndex);
    }
    outcome = DONE;
  } catch (error) {
    outcome = FAILED;
  }
  Atomics.store(control, slot, outcome);
  Atomics.notify(control, slot);
};
`;
}
