/**
 * What the CLI asks of a child process, and what the child answers. Each backend runs in its own
 * child so that one that crashes, hangs, leaks or changes process-wide state (tfjs's engine
 * registry, gl's one context per process) cannot touch the others or the CLI itself.
 */
import type { TrainingBenchResult, Workload } from '@backprop/conformance/bench';
import type { BackendChoice } from '../backends.js';

export interface BenchPlan {
  readonly workload: Workload;
  /** Samples per epoch; the same for every backend, so final losses compare. */
  readonly samples: number;
  readonly epochsPerRun: number;
}

export type ChildTask =
  | { readonly kind: 'probe'; readonly choice: BackendChoice }
  | {
      readonly kind: 'bench';
      readonly choice: BackendChoice;
      readonly plans: readonly BenchPlan[];
      readonly runs: number;
      /** A workload whose estimated run takes longer is skipped, with the estimate as the reason. */
      readonly maxRunSeconds: number;
    };

export interface BackendDescription {
  readonly name: string;
  readonly engine: string;
  readonly precision: string;
  readonly limits: readonly string[];
}

export type Unavailable = { readonly ok: false; readonly reason: string; readonly fix: string };

export type ProbeAnswer = { readonly ok: true; readonly info: BackendDescription; readonly startSeconds: number } | Unavailable;

export type WorkloadOutcome =
  | { readonly workload: string; readonly status: 'ok'; readonly result: TrainingBenchResult }
  | { readonly workload: string; readonly status: 'skipped' | 'failed'; readonly reason: string };

export type BenchAnswer = { readonly ok: true; readonly info: BackendDescription; readonly outcomes: WorkloadOutcome[] } | Unavailable;

/** The child prints its answer on one stdout line after this marker; anything else is noise from libraries. */
export const ANSWER_MARKER = '@@backprop-answer ';
