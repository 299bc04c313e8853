/**
 * Runs the browser's doctor: each variant in a fresh worker, one after the other, so that one
 * engine's global state (tfjs keeps one per realm) or a hang cannot spoil the next; a variant
 * that has not answered within DIAGNOSE_TIMEOUT_MS is stopped and reported as not working.
 */
import type { VariantStatus } from '../backends/doctor.js';
import type { Variant } from '../backends/variants.js';
import type { FromWorker, ToWorker } from '../worker/protocol.js';

export const DIAGNOSE_TIMEOUT_MS = 30_000;

function diagnoseInWorker(variant: Variant): Promise<VariantStatus> {
  const started = performance.now();
  const worker = new Worker(new URL('../worker/training-worker.ts', import.meta.url), { type: 'module', name: `doctor ${variant.id}` });
  const failed = (reason: string): VariantStatus => ({ id: variant.id, ok: false, reason, ms: Math.round(performance.now() - started) });
  return new Promise<VariantStatus>((resolve) => {
    const timer = setTimeout(() => resolve(failed(`it did not start and compute a 2×2 matmul within ${DIAGNOSE_TIMEOUT_MS / 1000} s`)), DIAGNOSE_TIMEOUT_MS);
    const finish = (status: VariantStatus): void => {
      clearTimeout(timer);
      resolve(status);
    };
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'diagnosis') finish(message.status);
      else if (message.type === 'error') finish(failed(message.message));
    });
    // A worker the backend started itself may fail too; its error reaches here without a message.
    worker.addEventListener('error', (event) => finish(failed(`its worker stopped with an uncaught error: ${event.message || 'no message (a worker it started failed; see the console)'}`)));
    worker.postMessage({ type: 'diagnose', variant: variant.id } satisfies ToWorker);
  }).finally(() => worker.terminate());
}

/** Every variant's status, in the order given; `onStatus` sees each as it comes. */
export async function runDoctor(variants: readonly Variant[], onStatus: (statuses: readonly VariantStatus[]) => void): Promise<VariantStatus[]> {
  const statuses: VariantStatus[] = [];
  for (const variant of variants) {
    statuses.push(await diagnoseInWorker(variant));
    onStatus(statuses);
  }
  return statuses;
}
