/**
 * Does a backend work here? It must start, compute a small product right, read it back, and
 * free what it made. Starting alone is not enough: a GL context can open and still compute
 * nothing useful.
 */
import type { Backend } from '@backprop/core';
import { BackendUnavailableError, closeBackend, createBackend, type BackendChoice } from '../backends.js';
import type { BackendDescription, ProbeAnswer, Unavailable } from './protocol.js';

export function describeBackend(backend: Backend): BackendDescription {
  const { name, engine, precision, limits } = backend.info;
  return { name, engine, precision, limits: [...limits] };
}

export function unavailableAnswer(error: unknown): Unavailable {
  if (error instanceof BackendUnavailableError) return { ok: false, reason: error.reason, fix: error.fix };
  const reason = error instanceof Error ? error.message : String(error);
  return { ok: false, reason, fix: 'run `backprop doctor` for details' };
}

/** [[1,2],[3,4]]·[[5],[6]] = [[17],[39]]: exact in any float precision. */
async function checkArithmetic(backend: Backend): Promise<string | undefined> {
  const before = backend.liveHandles();
  const a = backend.fromArray([1, 2, 3, 4], 2, 2);
  const b = backend.fromArray([5, 6], 2, 1);
  const c = backend.matmul(a, b, false, false);
  const values = Array.from(await backend.read(c));
  for (const m of [a, b, c]) backend.dispose(m);
  if (values.length !== 2 || values[0] !== 17 || values[1] !== 39) return `it computed [[1,2],[3,4]]·[[5],[6]] as ${JSON.stringify(values)} instead of [17,39]`;
  if (backend.liveHandles() !== before) return `it kept ${backend.liveHandles() - before} handles alive after they were disposed`;
  return undefined;
}

export async function probe(choice: BackendChoice): Promise<ProbeAnswer> {
  const started = performance.now();
  let backend: Backend;
  try {
    backend = await createBackend(choice);
  } catch (error) {
    return unavailableAnswer(error);
  }
  const startSeconds = (performance.now() - started) / 1000;
  try {
    const wrong = await checkArithmetic(backend);
    if (wrong) return { ok: false, reason: `it started but ${wrong}`, fix: 'report it to the backend; use another backend meanwhile' };
    return { ok: true, info: describeBackend(backend), startSeconds };
  } catch (error) {
    return { ok: false, reason: `it started but failed a small matmul: ${error instanceof Error ? error.message : String(error)}`, fix: 'report it to the backend; use another backend meanwhile' };
  } finally {
    closeBackend(backend);
  }
}
