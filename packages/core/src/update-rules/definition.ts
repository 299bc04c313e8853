/**
 * What one optimizer is, written once: its hyperparameters with defaults and checks, how many
 * state matrices it keeps per parameter, its update as expressions, and how it runs through Ops.
 *
 * To add an optimizer: one member of OptimizerSpec/ResolvedOptimizer below, one file here
 * exporting its UpdateRule, one line in `./index.ts`.
 */
import type { Matrix } from '../backend.js';
import type { Expr } from '../expr/expr.js';
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

/**
 * One update as expressions (../expr/): inputs `p` (the parameter), `g` (its gradient, already
 * clipped and, for coupled decay, decayed) and the state slots by name; params are the
 * hyperparameters (`lr`, `momentum`, `beta1`, …) and the per-step scalars below.
 */
export interface UpdateKernel {
  /** Scalars recomputed at each step from the hyperparameters and `t`, the 1-based step (Adam's bias corrections). */
  readonly perStep: Readonly<Record<string, Expr>>;
  /** The parameter's new value. */
  readonly p: Expr;
  /** Each state slot's name (its input) and new value, in slot order. */
  readonly state: readonly { readonly name: string; readonly next: Expr }[];
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
  /** The update as expressions: the one definition every path and backend compiles. */
  readonly kernel: UpdateKernel;
  /** The hyperparameters the kernel reads, by name (per-step scalars excluded). */
  readonly hyperValues: (h: Resolved<K>) => Readonly<Record<string, number>>;
}

/** A rate in [0, 1) (momentum, β1, β2), or a clear error. */
export function checkUnitRate(op: string, name: string, v: unknown, describe: (v: unknown) => string, fail: (op: string, detail: string) => Error): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1) return v;
  throw fail(op, `${name} must be in [0, 1), got ${describe(v)}`);
}
