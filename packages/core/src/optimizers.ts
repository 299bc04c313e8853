/**
 * Optimizer state: a spec is plain data (the update rules live in update-rules/, one definition
 * each); an OptimizerState holds the per-parameter state (velocities, moments) on the backend and
 * applies updates, replacing each parameter handle and disposing the old one.
 *
 * Order of one update, the same on the host path: gradients → clip by value → clip by global
 * norm (fit's options) → coupled weight decay (G += λ·W, weights only) → the rule's step (AdamW
 * shrinks the weights first).
 */
import type { Matrix } from './backend.js';
import { BackpropError, describeValue } from './errors.js';
import type { Gradients, Network } from './network.js';
import { applyRule, updateRule, OPTIMIZER_KINDS, type OptimizerSpec, type ResolvedOptimizer } from './update-rules/index.js';

export type { OptimizerKind, OptimizerSpec, ResolvedOptimizer } from './update-rules/index.js';

export const sgd = (lr = 0.01): OptimizerSpec => ({ kind: 'sgd', lr });
export const momentum = (lr = 0.01, mu = 0.9): OptimizerSpec => ({ kind: 'momentum', lr, momentum: mu });
export const adam = (lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): OptimizerSpec => ({ kind: 'adam', lr, beta1, beta2, epsilon });
/** AdamW: Adam with decoupled weight decay λ (default 0.01), as PyTorch's torch.optim.AdamW. */
export const adamw = (lr = 0.001, weightDecay = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): OptimizerSpec => ({ kind: 'adamw', lr, weightDecay, beta1, beta2, epsilon });

export function resolveOptimizer(spec: OptimizerSpec, op = 'optimizer'): ResolvedOptimizer {
  if (typeof spec !== 'object' || spec === null) throw new BackpropError(op, `optimizer must be { kind, lr, ... }, got ${describeValue(spec)}`);
  const lr = spec.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new BackpropError(op, `learning rate must be a finite number > 0, got ${describeValue(lr)}`);
  }
  const weightDecay = spec.weightDecay ?? 0;
  if (typeof weightDecay !== 'number' || !Number.isFinite(weightDecay) || weightDecay < 0) {
    throw new BackpropError(op, `weightDecay must be a finite number ≥ 0, got ${describeValue(weightDecay)}`);
  }
  if (!OPTIMIZER_KINDS.includes(spec.kind)) {
    throw new BackpropError(op, `optimizer kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${describeValue((spec as { kind: unknown }).kind)}`);
  }
  // Each rule checks its own hyperparameters.
  return updateRule(spec.kind).resolve(spec, lr, weightDecay, op);
}

/**
 * Per-parameter optimizer state for one network, kept on the network's backend. `fit` makes one
 * per call unless you pass your own (`createOptimizer`), which then carries momentum and Adam's
 * moments across calls: train in stages, change the data between them, lower the learning rate.
 */
export class OptimizerState {
  private resolved: ResolvedOptimizer;
  /** Completed update steps (Adam's t). */
  step = 0;
  /** Per-parameter state handles ([velocity] or [m, v] per W and b, in layer order); internal: fit's divergence guard snapshots and restores them. */
  readonly slots: Matrix[][] = [];
  /** The same state as host arrays, for core's fused host path (which updates in place). */
  hostSlots: Float64Array[] | undefined;

  constructor(
    readonly network: Network,
    spec: OptimizerSpec,
  ) {
    this.resolved = resolveOptimizer(spec);
  }

  get spec(): ResolvedOptimizer {
    return this.resolved;
  }

  /** Changes the learning rate from the next step on (a schedule, or a step-down late in training). */
  setLearningRate(lr: number): void {
    this.resolved = resolveOptimizer({ ...this.resolved, lr }, 'setLearningRate');
  }

  /** Applies one update from gradients, replacing every weight and bias handle of the network. */
  apply(grads: Gradients): void {
    this.step++;
    let p = 0;
    for (let l = 0; l < this.network.layers.length; l++) {
      const layer = this.network.layers[l]!;
      layer.w = this.update(p++, layer.w, grads.dW[l]!, true);
      layer.b = this.update(p++, layer.b, grads.db[l]!, false);
    }
  }

  private update(slot: number, param: Matrix, grad: Matrix, isWeight: boolean): Matrix {
    const ops = this.network.ops;
    const s = this.spec;
    const rule = updateRule(s.kind);
    const state = (this.slots[slot] ??= Array.from({ length: rule.slots }, () => ops.fill(param.rows, param.cols, 0)));
    // Coupled (L2) decay joins the gradient: G + λ·W, for weights only.
    let g = grad;
    if (isWeight && rule.decay === 'coupled' && s.weightDecay > 0) {
      const scaled = ops.binaryScalar('mul', param, s.weightDecay);
      g = ops.binary('add', grad, scaled);
      ops.dispose(scaled);
    }
    const next = applyRule(ops, param, g, state, s, this.step, isWeight);
    if (g !== grad) ops.dispose(g);
    ops.dispose(param);
    return next;
  }

  /** Frees the state handles. */
  dispose(): void {
    for (const slot of this.slots) for (const m of slot) this.network.ops.dispose(m);
    this.slots.length = 0;
    this.hostSlots = undefined;
  }
}

/** Optimizer state that outlives one `fit` call; dispose it when training is over. */
export function createOptimizer(network: Network, spec: OptimizerSpec): OptimizerState {
  return new OptimizerState(network, spec);
}
