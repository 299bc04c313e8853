/** Test support: the built CLI as a child process that a test can signal or kill, and what the files it writes hold. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { CLI } from '../test-support/paths.js';

export interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: readonly string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Which write of the file is there now (a rename gives a new inode), or undefined when there is none. */
export function fileVersion(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** Resolves once `path` holds a write other than `before` (polled), or when the child has exited. */
export async function nextWrite(path: string, before: string | undefined, running: Running): Promise<boolean> {
  let exited = false;
  void running.done.then(() => (exited = true));
  for (;;) {
    if (exited) return false;
    const now = fileVersion(path);
    if (now !== undefined && now !== before) return true;
    await new Promise((r) => setTimeout(r, 3));
  }
}

/** Temporary files a killed write left beside `path`. */
export function leftoverTemps(folder: string, name: string): string[] {
  return readdirSync(folder).filter((f) => f.startsWith(`.${name}.`) && f.endsWith('.tmp'));
}

/** A checkpoint file as JSON, checked to be a whole backprop checkpoint. */
export function readCheckpoint(path: string): { position: { epochsDone: number }; meta: { backpropTrain: { points: unknown[] } } } {
  const c = JSON.parse(readFileSync(path, 'utf8')) as { format: string; position: { epochsDone: number }; meta: { backpropTrain: { points: unknown[] } } };
  if (c.format !== 'backprop-checkpoint') throw new Error(`${path} is not a checkpoint`);
  return c;
}

/** The weights of a saved model, as their exact base64 text. */
export function modelWeights(path: string): string {
  return JSON.stringify((JSON.parse(readFileSync(path, 'utf8')) as { weights: unknown }).weights);
}

export interface TrainHistory {
  history: { epoch: number; loss: number; testLoss: number; testAccuracy?: number }[];
}

/** The history of a --json run without the times. */
export function lossesOf(stdout: string): unknown {
  return (JSON.parse(stdout) as TrainHistory).history.map((p) => [p.epoch, p.loss, p.testLoss, p.testAccuracy]);
}
