/** The parent side: start `child.js` with a task and wait for its answer, a crash, or the time limit. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ANSWER_MARKER, type ChildTask, type Unavailable } from './protocol.js';

const CHILD_SCRIPT = fileURLToPath(new URL('../child-main.js', import.meta.url));

function tail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/** Runs `task` in a fresh Node process. A crash or timeout comes back as an Unavailable answer. */
export function runChild<A>(task: ChildTask, timeoutSeconds: number): Promise<A | Unavailable> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not start a child process: ${error.message}`, fix: 'check that node can start here' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(ANSWER_MARKER));
      if (line) {
        try {
          resolve(JSON.parse(line.slice(ANSWER_MARKER.length)) as A);
        } catch {
          resolve({ ok: false, reason: 'its process answered with malformed JSON', fix: 'report it: this is a bug in the demo' });
        }
      } else if (timedOut) {
        resolve({ ok: false, reason: `took longer than ${timeoutSeconds} s and was stopped`, fix: 'raise --timeout, or bench fewer workloads' });
      } else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
        resolve({ ok: false, reason: `its process ${how} without an answer${stderr.trim() ? `: ${tail(stderr)}` : ''}`, fix: 'run `backprop doctor`; this backend crashes here' });
      }
    });
  });
}
