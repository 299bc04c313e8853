/**
 * The fork-join protocol between the main thread and its helper threads, over one small
 * SharedArrayBuffer (the control block), separate from the module's memory.
 *
 * Each helper has a state word on its own 64-byte line: IDLE → JOB (main) → RUNNING (helper, by
 * compare-and-swap) → DONE or FAILED → IDLE (main). The main thread may take a JOB back to IDLE
 * when it has finished all the work before the helper woke, so it never waits on a thread the
 * OS has not scheduled. The job itself (which kernel, how many items, the chunk size, the
 * arguments) sits in a shared region that the main thread writes before it posts, and a shared
 * counter from which every thread, the main one included, claims chunks of [0, total).
 */

export const STATE = { idle: 0, job: 1, running: 2, done: 3, failed: 4, exit: 5 } as const;

/** Int32 words per helper slot: 16 words = 64 bytes. */
export const SLOT_WORDS = 16;
/** In a slot: 1 once the helper has instantiated the kernels and waits for jobs. */
export const READY_OFFSET = 1;

/** Arguments a job can carry after (start, end). */
export const MAX_ARGS = 16;

/** Word offsets of the job region, after the helpers' slots. */
export const JOB = { kernel: 0, total: 1, chunk: 2, counter: 16, args: 32 } as const;

export interface ControlLayout {
  readonly words: Int32Array;
  readonly args: Float64Array;
  /** First word of the job region. */
  readonly job: number;
}

/** The control block for `helpers` helper threads. */
export function controlBlock(helpers: number, buffer?: SharedArrayBuffer): ControlLayout {
  const job = helpers * SLOT_WORDS;
  const bytes = (job + JOB.args) * 4 + MAX_ARGS * 8;
  const sab = buffer ?? new SharedArrayBuffer(bytes);
  return { words: new Int32Array(sab), args: new Float64Array(sab, (job + JOB.args) * 4, MAX_ARGS), job };
}
