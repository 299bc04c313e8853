/**
 * What `backprop gpu-check` measures, in its full mode (a GPU machine: at most 6 minutes) and its
 * short mode (CI on a CPU-only machine: well under a minute). Which backends it compares comes
 * from the backend registry (`@backprop/backends`): a backend added there is compared here too.
 */
import { bestChoicePerBackend, choiceLabel, findVariant, type ComputesOn } from '@backprop/backends';
import type { WorkloadName } from '@backprop/conformance/bench';

/** What a compared variant computes on (the registry's words): the CPU, or a GPU API whose renderer the check names. */
export type RunsOn = ComputesOn;

export interface CheckBackend {
  /** backend/variant as `backprop bench --backends` takes it. */
  readonly choice: string;
  readonly runsOn: RunsOn;
}

/**
 * One contender per backend: its best Node variant worth timing that can travel to the GPU
 * machine in the carry folders. Today: backend-js (the baseline), gpu.js on headless GL (the GPU
 * path under test), and the fast CPU backends a GPU has to beat, backend-wasm on all cores and
 * tfjs on WebAssembly. tfjs/tensorflow, faster still on wide layers, is left out by the same
 * rule: its libtensorflow (~800 MB) is a native library that cannot travel.
 */
export const CHECK_BACKENDS: readonly CheckBackend[] = bestChoicePerBackend({ platform: 'node', forSpeed: true, portable: true }).map((c) => ({
  choice: choiceLabel(c),
  runsOn: findVariant(c)!.computesOn,
}));

export interface CheckPlan {
  readonly mode: 'full' | 'short';
  /** The whole check stops starting new work after this many seconds. */
  readonly budgetSeconds: number;
  /** Most of the budget the conformance run may take. */
  readonly conformanceSeconds: number;
  /** vitest -t pattern: which conformance cases of gpujs/headlessgl run. */
  readonly conformanceFilter: string;
  /** Standard workloads, each with its samples per epoch (undefined: the workload's own). */
  readonly workloads: readonly { readonly name: WorkloadName; readonly samples?: number }[];
  /** Hidden widths w of the sweep's w→w→10 network. */
  readonly widths: readonly number[];
  readonly sweepBatch: number;
  readonly sweepSamples: number;
  readonly runs: number;
  readonly maxRunSeconds: number;
  /** Most seconds one backend's process may take on one workload (less when the budget runs low). */
  readonly backendTimeoutSeconds: number;
}

const HEADLESSGL_SUITE = 'conformance: gpujs headlessgl';

export const FULL_PLAN: CheckPlan = {
  mode: 'full',
  budgetSeconds: 330,
  conformanceSeconds: 90,
  conformanceFilter: `${HEADLESSGL_SUITE} `,
  workloads: [{ name: 'seed' }, { name: 'xor' }, { name: 'mnist-like' }, { name: 'wide' }],
  widths: [256, 512, 1024, 2048, 4096, 8192],
  sweepBatch: 256,
  // 8 steps of 256 per timed run.
  sweepSamples: 2048,
  runs: 3,
  // A backend whose run would take longer is skipped there with its estimate (e.g. js at 8192).
  maxRunSeconds: 5,
  backendTimeoutSeconds: 40,
};

/** Small enough for CI on two shared cores and llvmpipe: the same code paths, short timings. */
export const SHORT_PLAN: CheckPlan = {
  mode: 'short',
  budgetSeconds: 150,
  conformanceSeconds: 40,
  // The article's 1-2-2 network by hand and the backend's self-description: seconds, not minutes.
  conformanceFilter: `${HEADLESSGL_SUITE} (describes itself|article: )`,
  // mnist-like at 512 samples: 8 steps of 64, so one epoch is one timed run.
  workloads: [{ name: 'xor' }, { name: 'mnist-like', samples: 512 }],
  widths: [128, 256],
  sweepBatch: 256,
  // 8 steps of 256: one epoch is one timed run (fewer steps would repeat the epoch 64 steps' worth).
  sweepSamples: 2048,
  runs: 1,
  maxRunSeconds: 8,
  backendTimeoutSeconds: 30,
};
