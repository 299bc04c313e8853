/**
 * The child side of `bench` and of `auto`: the conformance package's benchmarkTraining (warm-up,
 * then timed runs of whole epochs through the public fit), so these figures match the backends'
 * own benches. Before each workload a two-step trial estimates how long a run would take; a
 * workload that would take longer than the limit is skipped with that estimate, so one slow
 * engine cannot eat the whole bench.
 */
import { createNetwork, fit, type Backend } from '@backprop/core';
import { benchmarkTraining, workloadData } from '@backprop/conformance/bench';
import { closeBackend, createBackend, type BackendChoice } from '../backends.js';
import { describeBackend, unavailableAnswer } from './probe.js';
import type { BenchAnswer, BenchPlan, WorkloadOutcome } from './protocol.js';

const TRIAL_STEPS = 2;

/** Seconds per training step, from the second of two short trials (the first compiles kernels). */
async function secondsPerStep(backend: Backend, plan: BenchPlan): Promise<number> {
  const { workload } = plan;
  const { x, y } = workloadData(workload, workload.batchSize * TRIAL_STEPS);
  const network = createNetwork(backend, workload.network);
  try {
    const options = { epochs: 1, batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
    await fit(network, x, y, options);
    const started = performance.now();
    await fit(network, x, y, options);
    return (performance.now() - started) / 1000 / TRIAL_STEPS;
  } finally {
    network.dispose();
  }
}

const MIN_RUN_SECONDS = 0.25;

async function benchOne(backend: Backend, plan: BenchPlan, runs: number, maxRunSeconds: number): Promise<WorkloadOutcome> {
  const name = plan.workload.name;
  try {
    const stepsPerEpoch = Math.ceil(plan.samples / plan.workload.batchSize);
    const perEpoch = (await secondsPerStep(backend, plan)) * stepsPerEpoch;
    const estimate = perEpoch * plan.epochsPerRun;
    if (estimate > maxRunSeconds) {
      return { workload: name, status: 'skipped', reason: `a run would take about ${estimate.toFixed(1)} s here, over the ${maxRunSeconds} s limit (--max-run-seconds)` };
    }
    // Where one epoch is short, the harness picks epochs per run so that a run lasts ~0.25 s: a fast
    // backend on a tiny workload then measures training, not the fixed cost of a fit call.
    const calibrate = perEpoch * plan.epochsPerRun < MIN_RUN_SECONDS;
    const result = await benchmarkTraining(backend, plan.workload, { runs, samples: plan.samples, ...(calibrate ? { minRunSeconds: MIN_RUN_SECONDS } : { epochsPerRun: plan.epochsPerRun }) });
    return { workload: name, status: 'ok', result };
  } catch (error) {
    return { workload: name, status: 'failed', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

export async function bench(choice: BackendChoice, plans: readonly BenchPlan[], runs: number, maxRunSeconds: number): Promise<BenchAnswer> {
  let backend: Backend;
  try {
    backend = await createBackend(choice);
  } catch (error) {
    return unavailableAnswer(error);
  }
  try {
    const outcomes: WorkloadOutcome[] = [];
    for (const plan of plans) outcomes.push(await benchOne(backend, plan, runs, maxRunSeconds));
    return { ok: true, info: describeBackend(backend), outcomes };
  } finally {
    closeBackend(backend);
  }
}
