/**
 * What the thread pool needs from the platform's threads: a helper that runs the worker program
 * on a shared control array, takes jobs, and can be stopped. Node implements it with
 * worker_threads, browsers with Web Workers (platform/node.ts, platform/browser.ts; package.json
 * `imports` picks one by the `browser` condition).
 */
import type { MatmulJob } from './worker-source.js';

export interface HelperThread {
  /** Hands a job over; `seq` is also in the control slot, so a worker can tell a stale message. */
  post(job: MatmulJob, seq: number): void;
  /** Stops the thread; resolves once it is gone. */
  terminate(): Promise<void>;
}

export interface HelperEvents {
  /** The thread died with an error. */
  readonly onError: (message: string) => void;
  /** The thread exited. */
  readonly onExit: () => void;
}

/** Whether this runtime can run helper threads, and why not where it cannot. */
export type ThreadSupport = { readonly ok: true } | { readonly ok: false; readonly reason: string };
