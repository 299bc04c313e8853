/** What a bench run asks for and gives back, shared by the page, the Node side and the runner. */
import type { TrainingBenchResult, WorkloadName } from '@backprop/conformance/bench';

export interface BenchRequest {
  readonly variants: readonly string[];
  readonly workloads: readonly WorkloadName[];
  readonly runs: number;
  /**
   * At most this many samples per epoch (default: each workload's own count). samples/s stays
   * comparable; the loss column compares only rows run with the same cap (Node and browser are).
   */
  readonly maxSamples?: number;
}

export interface BenchOutcome {
  readonly results: TrainingBenchResult[];
  /** Variants that could not start here, with the reason. */
  readonly skipped: { readonly variant: string; readonly reason: string }[];
}

export interface MatmulRequest {
  readonly engines: readonly ('webgpu' | 'webgl' | 'wasm' | 'cpu')[];
  readonly sizes: readonly number[];
}

export interface MatmulFigure {
  readonly engine: string;
  readonly size: number;
  readonly variant: string;
  readonly flags: number;
  readonly explicitTranspose: number | null;
}
