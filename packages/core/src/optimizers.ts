/**
 * Optimizers: SGD (the article's W −= lr·dW), SGD with momentum, and Adam. A spec is plain data;
 * an OptimizerState holds the per-parameter state (velocities, moments) on the backend and
 * applies updates, replacing each parameter handle and disposing the old one.
 */
import type { Matrix } from './backend.js';
import { BackpropError, describeValue } from './errors.js';
import type { Gradients, Network } from './network.js';

export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly lr: number }
  | { readonly kind: 'momentum'; readonly lr: number; readonly momentum?: number }
  | { readonly kind: 'adam'; readonly lr: number; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number };

export type ResolvedOptimizer =
  | { readonly kind: 'sgd'; readonly lr: number }
  | { readonly kind: 'momentum'; readonly lr: number; readonly momentum: number }
  | { readonly kind: 'adam'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number };

export const sgd = (lr = 0.01): OptimizerSpec => ({ kind: 'sgd', lr });
export const momentum = (lr = 0.01, mu = 0.9): OptimizerSpec => ({ kind: 'momentum', lr, momentum: mu });
export const adam = (lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): OptimizerSpec => ({ kind: 'adam', lr, beta1, beta2, epsilon });

function inOpenUnit(op: string, name: string, v: number, allowZero: boolean): void {
  const ok = typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0) && v < 1;
  if (!ok) throw new BackpropError(op, `${name} must be in ${allowZero ? '[0, 1)' : '(0, 1)'}, got ${describeValue(v)}`);
}

export function resolveOptimizer(spec: OptimizerSpec, op = 'optimizer'): ResolvedOptimizer {
  if (typeof spec !== 'object' || spec === null) throw new BackpropError(op, `optimizer must be { kind, lr, ... }, got ${describeValue(spec)}`);
  const lr = spec.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new BackpropError(op, `learning rate must be a finite number > 0, got ${describeValue(lr)}`);
  }
  switch (spec.kind) {
    case 'sgd':
      return { kind: 'sgd', lr };
    case 'momentum': {
      const mu = spec.momentum ?? 0.9;
      inOpenUnit(op, 'momentum', mu, true);
      return { kind: 'momentum', lr, momentum: mu };
    }
    case 'adam': {
      const beta1 = spec.beta1 ?? 0.9;
      const beta2 = spec.beta2 ?? 0.999;
      const epsilon = spec.epsilon ?? 1e-8;
      inOpenUnit(op, 'beta1', beta1, true);
      inOpenUnit(op, 'beta2', beta2, true);
      if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new BackpropError(op, `epsilon must be a finite number > 0, got ${describeValue(epsilon)}`);
      return { kind: 'adam', lr, beta1, beta2, epsilon };
    }
    default:
      throw new BackpropError(op, `optimizer kind must be 'sgd', 'momentum' or 'adam', got ${describeValue((spec as { kind: unknown }).kind)}`);
  }
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
  private readonly slots: Matrix[][] = [];
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
      layer.w = this.update(p++, layer.w, grads.dW[l]!);
      layer.b = this.update(p++, layer.b, grads.db[l]!);
    }
  }

  private update(slot: number, param: Matrix, grad: Matrix): Matrix {
    const ops = this.network.ops;
    const s = this.spec;
    let next: Matrix;
    if (s.kind === 'sgd') {
      next = ops.sgdUpdate(param, grad, s.lr);
    } else if (s.kind === 'momentum') {
      const state = (this.slots[slot] ??= [ops.fill(param.rows, param.cols, 0)]);
      const r = ops.momentumUpdate(param, state[0]!, grad, s.lr, s.momentum);
      ops.dispose(state[0]!);
      state[0] = r.v;
      next = r.w;
    } else {
      const state = (this.slots[slot] ??= [ops.fill(param.rows, param.cols, 0), ops.fill(param.rows, param.cols, 0)]);
      const r = ops.adamUpdate(param, state[0]!, state[1]!, grad, { lr: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, step: this.step });
      ops.dispose(state[0]!);
      ops.dispose(state[1]!);
      state[0] = r.m;
      state[1] = r.v;
      next = r.w;
    }
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
