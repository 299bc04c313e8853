/**
 * Runs the standard training workloads on a set of backend variants, labelling each result
 * `variant (where)` so that Node and browser rows can share one table.
 */
import { WORKLOADS, benchmarkTraining } from '@backprop/conformance/bench';
import type { Backend } from '@backprop/core';
import type { BenchOutcome, BenchRequest } from './bench-types.js';

export async function runVariants(where: string, start: (variant: string) => Promise<Backend>, request: BenchRequest, log: (line: string) => void = () => undefined): Promise<BenchOutcome> {
  const outcome: BenchOutcome = { results: [], skipped: [] };
  for (const variant of request.variants) {
    for (const name of request.workloads) {
      let backend: Backend;
      try {
        backend = await start(variant);
      } catch (error) {
        outcome.skipped.push({ variant, reason: error instanceof Error ? error.message : String(error) });
        break;
      }
      try {
        const workload = WORKLOADS[name];
        const samples = Math.min(workload.samples, request.maxSamples ?? workload.samples);
        const result = await benchmarkTraining(backend, workload, { runs: request.runs, samples });
        outcome.results.push({ ...result, backend: `${variant} (${where})` });
        log(`${variant} (${where}) ${name}: ${Math.round(result.samplesPerSecond)} samples/s`);
      } finally {
        backend.close?.();
      }
    }
  }
  return outcome;
}
