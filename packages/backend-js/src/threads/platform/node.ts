/**
 * Helper threads in Node: worker_threads, reached through process.getBuiltinModule (Node 20.16+),
 * which keeps this file free of a static node: import. Where worker_threads or
 * SharedArrayBuffer is missing, the backend runs on one thread.
 */
import type { Worker } from 'node:worker_threads';
import type { HelperEvents, HelperThread, ThreadSupport } from '../helper-thread.js';
import { workerSource, type MatmulJob } from '../worker-source.js';

type WorkerThreadsModule = typeof import('node:worker_threads');

/** What the helpers are, for info.limits. */
export const THREAD_KIND = 'worker threads';

/** Node's main thread may block in Atomics.wait while its workers finish. */
export const MAIN_THREAD_CAN_BLOCK = true;

function builtin<M>(id: string): M | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  try {
    return proc.getBuiltinModule(id) as M | undefined;
  } catch {
    return undefined;
  }
}

export function threadSupport(): ThreadSupport {
  if (typeof SharedArrayBuffer !== 'function') return { ok: false, reason: 'SharedArrayBuffer is unavailable here' };
  if (builtin<WorkerThreadsModule>('node:worker_threads') === undefined) {
    return { ok: false, reason: 'worker_threads is unavailable here (Node 20.16 or later has process.getBuiltinModule, which loads it)' };
  }
  return { ok: true };
}

/** A line for info.limits about the threads, or undefined when there is nothing to say. */
export function threadsLimit(requested: number, threads: number, support: ThreadSupport): string | undefined {
  if (requested > 1 && !support.ok) return `${requested} threads were asked for, but worker_threads or SharedArrayBuffer is unavailable here: running on one thread (${support.reason})`;
  return undefined;
}

/** How many threads this machine offers (1 where it cannot tell). */
export function hardwareThreads(): number {
  const os = builtin<typeof import('node:os')>('node:os');
  if (os === undefined) return 1;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Starts one worker thread on `control`'s `slot`. */
export function spawnHelper(control: Int32Array, slot: number, events: HelperEvents): HelperThread {
  const module = builtin<WorkerThreadsModule>('node:worker_threads')!;
  const { port1, port2 } = new module.MessageChannel();
  const worker: Worker = new module.Worker(workerSource(), {
    eval: true,
    workerData: { control, slot, port: port2 },
    transferList: [port2],
  });
  // Workers must never keep a process alive: terminate() ends them, and until then they are unref'd.
  worker.unref();
  port1.unref();
  worker.on('error', (error: Error) => events.onError(error.message));
  worker.on('exit', () => events.onExit());
  return {
    post: (job: MatmulJob) => port1.postMessage(job),
    terminate: () => {
      port1.close();
      return worker.terminate().then(() => undefined);
    },
  };
}
