/**
 * Helper threads in a browser: Web Workers sharing the matrices through SharedArrayBuffer, which
 * a browser offers only to a cross-origin isolated page (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`).
 * Without it the backend runs on one thread: workers could only copy the matrices, which costs
 * more than the product saves.
 *
 * A browser's main thread may not block in Atomics.wait, so there it spins on the state word
 * while the workers finish their chunks (a job is split so that they finish together); inside a
 * Web Worker (an app that trains off the main thread) it blocks as Node does.
 */
import type { HelperEvents, HelperThread, ThreadSupport } from '../helper-thread.js';
import { browserWorkerSource, type MatmulJob } from '../worker-source.js';

export const THREAD_KIND = 'Web Workers';

/** The part of the DOM's Worker used here (this package compiles without the DOM library). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onerror: ((event: { readonly message: string; preventDefault(): void }) => void) | null;
}
type WebWorkerConstructor = new (url: string) => WebWorker;

function workerConstructor(): WebWorkerConstructor | undefined {
  const ctor = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  return typeof ctor === 'function' ? ctor : undefined;
}

/** Whether Atomics.wait may block this thread (it may not on a page's main thread). */
export const MAIN_THREAD_CAN_BLOCK: boolean = (() => {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

const ISOLATION_HINT =
  'serve the page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';

export function threadSupport(): ThreadSupport {
  if (workerConstructor() === undefined) return { ok: false, reason: 'this context cannot start Web Workers' };
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true || typeof SharedArrayBuffer !== 'function') {
    return { ok: false, reason: `the page is not cross-origin isolated, so there is no SharedArrayBuffer to share matrices with Web Workers (${ISOLATION_HINT})` };
  }
  return { ok: true };
}

/** A line for info.limits: in a browser, always which way matmuls run and why. */
export function threadsLimit(requested: number, threads: number, support: ThreadSupport): string {
  if (!support.ok) return `one thread: ${support.reason}`;
  if (threads === 1) return 'one thread, as asked (the page is cross-origin isolated: threads > 1 would use Web Workers)';
  return `${threads} threads for big matmuls: ${threads - 1} Web Workers over SharedArrayBuffer beside the calling thread (the page is cross-origin isolated)` +
    (MAIN_THREAD_CAN_BLOCK ? '' : '; on a page\'s main thread the caller spins while workers finish (train in a Web Worker to avoid it)');
}

export function hardwareThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? n : 1;
}

export function spawnHelper(control: Int32Array, slot: number, events: HelperEvents): HelperThread {
  const url = URL.createObjectURL(new Blob([browserWorkerSource()], { type: 'text/javascript' }));
  const WorkerClass = workerConstructor()!;
  const worker = new WorkerClass(url);
  worker.onerror = (event) => {
    event.preventDefault();
    events.onError(event.message);
  };
  worker.postMessage({ init: true, control, slot });
  return {
    post: (job: MatmulJob, seq: number) => worker.postMessage({ job, seq }),
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
      events.onExit();
      return Promise.resolve();
    },
  };
}
