/** The parent side: start `child.js` with a task and wait for its answer, a crash, or the time limit. */
import { fileURLToPath } from 'node:url';
import { ANSWER_MARKER, type ChildTask, type Unavailable } from './protocol.js';
import { runLimited, tail } from './run-limited.js';

const CHILD_SCRIPT = fileURLToPath(new URL('../child-main.js', import.meta.url));

/** Runs `task` in a fresh Node process. A crash or timeout comes back as an Unavailable answer. */
export async function runChild<A>(task: ChildTask, timeoutSeconds: number): Promise<A | Unavailable> {
  const run = await runLimited(process.execPath, [CHILD_SCRIPT, JSON.stringify(task)], { timeoutSeconds });
  const line = run.stdout.split('\n').find((l) => l.startsWith(ANSWER_MARKER));
  if (line) {
    try {
      return JSON.parse(line.slice(ANSWER_MARKER.length)) as A;
    } catch {
      return { ok: false, reason: 'its process answered with malformed JSON', fix: 'report it: this is a bug in the demo' };
    }
  }
  if (run.timedOut) return { ok: false, reason: `took longer than ${timeoutSeconds} s and was stopped`, fix: 'raise --timeout, or bench fewer workloads' };
  // No exit code and no signal: the process never started (runLimited put spawn's error in stderr).
  if (run.code === null && run.signal === null) return { ok: false, reason: `could not start a child process: ${run.stderr.trim()}`, fix: 'check that node can start here' };
  const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${String(run.code)}`;
  return { ok: false, reason: `its process ${how} without an answer${run.stderr.trim() ? `: ${tail(run.stderr)}` : ''}`, fix: 'run `backprop doctor`; this backend crashes here' };
}
