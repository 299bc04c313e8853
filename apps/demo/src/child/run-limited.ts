/** Runs a Node script or program with a time limit and hands back everything it printed. */
import { spawn } from 'node:child_process';

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly timeoutSeconds: number;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Start it in its own process group, so that a timeout also stops what it started (vitest's
   * workers, Xvfb). The group no longer gets the terminal's Ctrl-C, so only for children that
   * start children of their own.
   */
  readonly ownGroup?: boolean;
}

export function runLimited(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
  const started = performance.now();
  const ownGroup = options.ownGroup ?? false;
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutSeconds * 1000);
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      stderr += error.message;
      done(null, null);
    });
    child.on('close', done);
  });
}

/** The last JSON line a probe child printed, or undefined. */
export function lastJsonLine<T>(stdout: string): T | undefined {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) return undefined;
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}

export function tail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
