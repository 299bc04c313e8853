/**
 * Starting helper threads where the runtime allows it: worker_threads in Node, Web Workers in
 * a cross-origin-isolated page (SharedArrayBuffer exists only there). Node's module is reached
 * through process.getBuiltinModule (Node ≥ 20.16), never a static `node:` import, so a browser
 * bundle of this package loads without it.
 */
import { nodeHelperSource, webHelperSource, type HelperInit } from './worker-source.js';

export interface HelperThread {
  /** Stops the thread; resolves when it has exited. */
  terminate(): Promise<void>;
}

export interface Spawner {
  /** 'worker_threads' or 'web workers'. */
  readonly kind: string;
  /** Starts one helper; `onProblem` hears if it dies. The thread never keeps a Node process alive. */
  spawn(init: HelperInit, onProblem: (message: string) => void, onExit: () => void): HelperThread;
}

type WorkerThreadsModule = typeof import('node:worker_threads');

function nodeWorkerThreads(): WorkerThreadsModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  try {
    return proc.getBuiltinModule('node:worker_threads') as WorkerThreadsModule | undefined;
  } catch {
    return undefined;
  }
}

function nodeSpawner(module: WorkerThreadsModule): Spawner {
  const source = nodeHelperSource();
  return {
    kind: 'worker_threads',
    spawn(init, onProblem, onExit) {
      const worker = new module.Worker(source, { eval: true, workerData: init });
      // Helpers must never keep a process alive: close() terminates them, and until then they are unref'd.
      worker.unref();
      worker.on('error', (error: Error) => onProblem(error.message));
      worker.on('exit', onExit);
      return { terminate: () => worker.terminate().then(() => undefined) };
    },
  };
}

interface WebWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}
type WebWorkerConstructor = new (url: string) => WebWorkerLike;

/** The helpers' script as a Blob URL, made once per page: every backend's helpers start from it. */
let helperScriptUrl: string | undefined;

function webSpawner(WorkerClass: WebWorkerConstructor): Spawner {
  const url = (helperScriptUrl ??= URL.createObjectURL(new Blob([webHelperSource()], { type: 'text/javascript' })));
  return {
    kind: 'web workers',
    spawn(init, onProblem, onExit) {
      const worker = new WorkerClass(url);
      worker.addEventListener('error', (event) => {
        onProblem(event.message ?? 'a web worker failed');
        onExit();
      });
      worker.postMessage(init);
      return {
        terminate: () => {
          worker.terminate();
          onExit();
          return Promise.resolve();
        },
      };
    },
  };
}

/** How this runtime starts helper threads, or why it cannot. */
export function findSpawner(): Spawner | string {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is unavailable (in a browser: the page must be cross-origin isolated, served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  const node = nodeWorkerThreads();
  if (node !== undefined) return nodeSpawner(node);
  const g = globalThis as { Worker?: WebWorkerConstructor; crossOriginIsolated?: boolean };
  if (typeof g.Worker === 'function' && g.crossOriginIsolated === true) return webSpawner(g.Worker);
  return 'neither worker_threads nor Web Workers in a cross-origin-isolated page are available';
}

/** How many threads this machine offers (1 where it cannot tell). */
export function hardwareThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  if (os !== undefined) return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}
