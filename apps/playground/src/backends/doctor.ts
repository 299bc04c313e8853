/**
 * The browser's own `doctor`: tries to start every backend variant and to compute with it, and
 * says why each one that fails cannot run here. A variant counts as working only when a small
 * matmul on it comes back right, not merely when its factory returns. Runs inside a worker, one
 * fresh worker per variant (see ui/doctor-runner.ts), where the training will run too.
 */
import type { Backend } from '@backprop/core';
import type { Variant } from './variants.js';

export interface VariantStatus {
  readonly id: string;
  readonly ok: boolean;
  /** The engine really in use (ok only). */
  readonly engine?: string;
  readonly precision?: string;
  /** What the backend says it cannot do (ok only). */
  readonly limits?: readonly string[];
  /** Why it does not work here (not ok only). */
  readonly reason?: string;
  /** How long starting and checking it took, in milliseconds. */
  readonly ms: number;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? text;
  return line.length > 400 ? line.slice(0, 400) + '…' : line;
}

/** [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]], read back from the backend. */
async function checkArithmetic(backend: Backend): Promise<string | null> {
  const a = backend.fromArray([1, 2, 3, 4], 2, 2);
  const b = backend.fromArray([5, 6, 7, 8], 2, 2);
  const c = backend.matmul(a, b, false, false);
  try {
    const got = Array.from(await backend.read(c));
    const want = [19, 22, 43, 50];
    return got.every((v, i) => Math.abs(v - want[i]!) < 1e-4) ? null : `a 2×2 matmul gave ${got.join(', ')} instead of ${want.join(', ')}`;
  } finally {
    for (const m of [a, b, c]) backend.dispose(m);
  }
}

export async function diagnose(variant: Variant): Promise<VariantStatus> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  let backend: Backend;
  try {
    backend = await variant.create();
  } catch (error) {
    return { id: variant.id, ok: false, reason: firstLine(error), ms: ms() };
  }
  try {
    const wrong = await checkArithmetic(backend);
    if (wrong !== null) return { id: variant.id, ok: false, reason: wrong, ms: ms() };
    const { engine, precision, limits } = backend.info;
    return { id: variant.id, ok: true, engine, precision, limits, ms: ms() };
  } catch (error) {
    return { id: variant.id, ok: false, reason: `it started but failed to compute: ${firstLine(error)}`, ms: ms() };
  } finally {
    backend.close?.();
  }
}
