/**
 * The helper threads' program, as source text, so that nothing needs a separate .js file
 * resolved at run time (that would differ between the TypeScript sources tests load and the
 * built package, and a bundler would have to know about it). The same text runs in a Node
 * worker_thread (started with eval, init from workerData) and in a Web Worker (started from a
 * Blob URL, init from its first message).
 *
 * A helper instantiates the kernels over the shared memory, sets its own scratch, says it is
 * ready, then loops: wait for JOB, claim chunks of [0, total) from the shared counter and run
 * the named kernel on each, report DONE or FAILED. It never returns to its event loop.
 */
import { JOB, MAX_ARGS, READY_OFFSET, STATE } from './protocol.js';

/** What a helper needs to start: structured-cloneable (Module and shared Memory clone to workers). */
export interface HelperInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly slot: number;
  readonly job: number;
  readonly scratch: number;
  /** The kernels a job may name, by index (splittableKernels of the module). */
  readonly kernelNames: readonly string[];
}

/** The helper's main function, written as plain JavaScript text. */
function helperBody(): string {
  const argList = Array.from({ length: MAX_ARGS }, (_, i) => `a[${i}]`).join(', ');
  return `
function runHelper(init) {
  const { module, memory, control, slot, job, scratch, kernelNames } = init;
  const words = new Int32Array(control);
  const a = new Float64Array(control, (job + ${JOB.args}) * 4, ${MAX_ARGS});
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  kernels.setScratch(scratch);
  const fns = kernelNames.map((name) => kernels[name]);
  const JOBS = ${STATE.job}, RUNNING = ${STATE.running}, DONE = ${STATE.done}, FAILED = ${STATE.failed}, EXIT = ${STATE.exit};
  const counter = job + ${JOB.counter};
  Atomics.store(words, slot + ${READY_OFFSET}, 1);
  for (;;) {
    let s;
    while ((s = Atomics.load(words, slot)) !== JOBS && s !== EXIT) Atomics.wait(words, slot, s);
    if (s === EXIT) break;
    if (Atomics.compareExchange(words, slot, JOBS, RUNNING) !== JOBS) continue;
    let outcome = FAILED;
    try {
      const f = fns[words[job + ${JOB.kernel}]];
      const total = words[job + ${JOB.total}];
      const chunk = words[job + ${JOB.chunk}];
      for (;;) {
        const start = Atomics.add(words, counter, chunk);
        if (start >= total) break;
        f(start, Math.min(start + chunk, total), ${argList});
      }
      outcome = DONE;
    } catch (error) {
      outcome = FAILED;
    }
    Atomics.store(words, slot, outcome);
    Atomics.notify(words, slot);
  }
}
`;
}

/** For a Node worker_thread started with `eval: true` and `workerData: HelperInit`. */
export function nodeHelperSource(): string {
  return `'use strict';
// getBuiltinModule works whether Node runs this as CommonJS or as a module; require is the older fallback.
const { workerData } = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads');
${helperBody()}
runHelper(workerData);
`;
}

/** For a Web Worker: the HelperInit comes as its first message. */
export function webHelperSource(): string {
  return `'use strict';
${helperBody()}
self.onmessage = (event) => { self.onmessage = null; runHelper(event.data); };
`;
}
