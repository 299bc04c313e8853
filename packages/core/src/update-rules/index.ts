/**
 * The optimizer registry: one line per update rule. OptimizerState, the host path and the CLI's
 * choices read it.
 */
import { adamRule } from './adam.js';
import { adamwRule } from './adamw.js';
import type { Matrix } from '../backend.js';
import type { Ops } from '../ops.js';
import type { HostHyper, OptimizerKind, ResolvedOptimizer, UpdateRule } from './definition.js';
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

export type { HostHyper, HostUpdateNames, OptimizerKind, OptimizerSpec, Resolved, ResolvedOptimizer, UpdateRule } from './definition.js';

/** The host-side hyperparameters of a resolved optimizer (its rule's, for its kind). */
export function hostHyperOf(h: ResolvedOptimizer): HostHyper {
  // The registry pairs each kind with its rule; the cast only forgets which kind this is.
  return (UPDATE_RULES[h.kind].host.hyper as (h: ResolvedOptimizer) => HostHyper)(h);
}

/** One update of `param` through its rule (see UpdateRule.update). */
export function applyRule(ops: Ops, param: Matrix, grad: Matrix, state: Matrix[], h: ResolvedOptimizer, step: number, isWeight: boolean): Matrix {
  return UPDATE_RULES[h.kind].update(ops, param, grad, state, h as never, step, isWeight);
}
