/** The messages between the page and a training worker. */
import type { VariantStatus } from '../backends/doctor.js';
import type { DatasetName } from '../data/index.js';
import type { TrainConfig } from '../training/config.js';

export type ToWorker =
  | { readonly type: 'diagnose'; readonly variant: string }
  | { readonly type: 'train'; readonly variant: string; readonly config: TrainConfig }
  | { readonly type: 'stop' }
  | { readonly type: 'save' }
  /** A saved model onto `variant`, shown on `dataset`. */
  | { readonly type: 'load'; readonly variant: string; readonly modelText: string; readonly dataset: DatasetName };

/** The network's class probabilities over the boundary grid: size×size cells × classes. */
export interface BoundaryImage {
  readonly size: number;
  readonly classes: number;
  readonly probabilities: Float32Array;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
  /** On the training samples. */
  readonly accuracy: number;
  /** On the held-out samples, where the dataset has them. */
  readonly testAccuracy?: number;
  /** Training only (not the evaluation after each epoch), this epoch. */
  readonly samplesPerSecond: number;
  /** Training seconds so far. */
  readonly trainSeconds: number;
}

export interface StartedReport {
  readonly variant: string;
  readonly engine: string;
  readonly precision: string;
  readonly shape: string;
  readonly parameters: number;
}

export type FromWorker =
  | { readonly type: 'diagnosis'; readonly status: VariantStatus }
  | { readonly type: 'started'; readonly report: StartedReport }
  | { readonly type: 'epoch'; readonly report: EpochReport }
  | { readonly type: 'boundary'; readonly epoch: number; readonly image: BoundaryImage }
  /** counts[true][predicted], classes×classes, on the held-out samples (else the training ones). */
  | { readonly type: 'confusion'; readonly classes: number; readonly counts: Uint32Array; readonly heldOut: boolean }
  /** path: 'host' (core's fused host path) or 'ops' (the backend's own operations). */
  | { readonly type: 'done'; readonly stoppedEarly: boolean; readonly path: string }
  | { readonly type: 'model'; readonly text: string }
  | { readonly type: 'loaded'; readonly report: StartedReport; readonly loss: number; readonly accuracy: number; readonly testAccuracy?: number }
  | { readonly type: 'error'; readonly message: string };
