/**
 * The optimizer registry: one line per update rule. OptimizerState, the host path, the CLI's
 * choices and every backend's update kernels read it.
 */
import { adamRule } from './adam.js';
import { adamwRule } from './adamw.js';
import type { Matrix } from '../backend.js';
import type { Ops } from '../ops.js';
import type { OptimizerKind, ResolvedOptimizer, UpdateRule } from './definition.js';
import { momentumRule } from './momentum.js';
import { sgdRule } from './sgd.js';

export const UPDATE_RULES: { readonly [K in OptimizerKind]: UpdateRule<K> } = {
  sgd: sgdRule,
  momentum: momentumRule,
  adam: adamRule,
  adamw: adamwRule,
};

export const OPTIMIZER_KINDS = Object.keys(UPDATE_RULES) as readonly OptimizerKind[];

/** The rule for `kind`, typed for it. */
export function updateRule<K extends OptimizerKind>(kind: K): UpdateRule<K> {
  return UPDATE_RULES[kind];
}

export type { OptimizerKind, OptimizerSpec, Resolved, ResolvedOptimizer, UpdateKernel, UpdateRule } from './definition.js';

/** One update of `param` through its rule (see UpdateRule.update). */
export function applyRule(ops: Ops, param: Matrix, grad: Matrix, state: Matrix[], h: ResolvedOptimizer, step: number, isWeight: boolean): Matrix {
  return UPDATE_RULES[h.kind].update(ops, param, grad, state, h as never, step, isWeight);
}

/** The hyperparameters a resolved optimizer's kernel reads, by name (its rule's, for its kind). */
export function hyperValuesOf(h: ResolvedOptimizer): Readonly<Record<string, number>> {
  // The registry pairs each kind with its rule; the cast only forgets which kind this is.
  return (UPDATE_RULES[h.kind].hyperValues as (h: ResolvedOptimizer) => Readonly<Record<string, number>>)(h);
}

/** The hyperparameters the host path places in its H array (host-step-source.ts, HOST_HYPER_SLOTS). */
export interface HostHyper {
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** The host path's hyperparameters of a resolved optimizer. */
export function hostHyperOf(h: ResolvedOptimizer): HostHyper {
  return hyperValuesOf(h);
}
