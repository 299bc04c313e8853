/**
 * What one optimizer is, written once: its hyperparameters with defaults and checks, how many
 * state matrices it keeps per parameter, its update through Ops (a backend's fused composite
 * or core's reference), and the fused host path's update snippet.
 *
 * To add an optimizer: one member of OptimizerSpec/ResolvedOptimizer below, one file here
 * exporting its UpdateRule, one line in `./index.ts`.
 */
import type { Matrix } from '../backend.js';
import type { Ops } from '../ops.js';

export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly lr: number; readonly weightDecay?: number }
  | { readonly kind: 'momentum'; readonly lr: number; readonly momentum?: number; readonly weightDecay?: number }
  | { readonly kind: 'adam'; readonly lr: number; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number; readonly weightDecay?: number }
  | { readonly kind: 'adamw'; readonly lr: number; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number; readonly weightDecay?: number };

export type OptimizerKind = OptimizerSpec['kind'];

/**
 * `weightDecay` λ: for sgd, momentum and adam an L2 penalty (λ·W is added to each weight
 * gradient, PyTorch's `weight_decay`); for adamw decoupled decay (W ← W·(1 − lr·λ) before the
 * Adam step, PyTorch's AdamW). Biases are never decayed.
 */
export type ResolvedOptimizer =
  | { readonly kind: 'sgd'; readonly lr: number; readonly weightDecay: number }
  | { readonly kind: 'momentum'; readonly lr: number; readonly momentum: number; readonly weightDecay: number }
  | { readonly kind: 'adam'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number }
  | { readonly kind: 'adamw'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number };

export type Resolved<K extends OptimizerKind> = Extract<ResolvedOptimizer, { kind: K }>;

/** Names in generated host code for one parameter's update loop. */
export interface HostUpdateNames {
  /** The parameter, its gradient, and its two state arrays (velocity or moments). */
  readonly p: string;
  readonly g: string;
  readonly m: string;
  readonly v: string;
  /** Number of elements (a literal). */
  readonly size: string;
  /** Whether this parameter is a weight matrix (decay applies) rather than a bias. */
  readonly weight: boolean;
}

/** Host-side hyperparameters, at fixed places of the generated step's H array (host-step-source.ts). */
export interface HostHyper {
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface UpdateRule<K extends OptimizerKind> {
  readonly formula: string;
  /** A learning rate that usually works, for tools that pick one (the CLI): SGD ~0.01, Adam ~0.001. */
  readonly defaultLr: number;
  /** What the state matrices are, for messages (['adam first moment', 'adam second moment']). */
  readonly stateNames: readonly string[];
  /** Checks the kind's own hyperparameters and fills defaults; `lr` and `weightDecay` are already checked. */
  readonly resolve: (spec: Extract<OptimizerSpec, { kind: K }>, lr: number, weightDecay: number, op: string) => Resolved<K>;
  /** State matrices kept per parameter (0: none, 1: velocity, 2: Adam's moments). */
  readonly slots: 0 | 1 | 2;
  /** How `weightDecay` applies: added to the gradient (L2), or shrinking the weights before the step (decoupled). */
  readonly decay: 'coupled' | 'decoupled';
  /**
   * One update of `param` from `grad` (already clipped and, for coupled decay, decayed), through
   * Ops. Replaces `state`'s handles with the new ones (disposing the old) and returns the new
   * parameter; the caller disposes the old one. `step` is the 1-based update count.
   */
  readonly update: (ops: Ops, param: Matrix, grad: Matrix, state: Matrix[], h: Resolved<K>, step: number, isWeight: boolean) => Matrix;
  readonly host: {
    readonly hyper: (h: Resolved<K>) => HostHyper;
    /** Statements run once per batch before the updates (after the step count t is incremented). */
    readonly perBatch: string;
    /** The loop updating one parameter in place from its gradient. */
    readonly update: (names: HostUpdateNames) => string;
  };
}

/** A rate in [0, 1) (momentum, β1, β2), or a clear error. */
export function checkUnitRate(op: string, name: string, v: unknown, describe: (v: unknown) => string, fail: (op: string, detail: string) => Error): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1) return v;
  throw fail(op, `${name} must be in [0, 1), got ${describe(v)}`);
}
