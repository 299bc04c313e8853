/** One gradient-descent step on a batch already on the backend: the per-operation path's unit of work. */
import type { Matrix } from '../backend.js';
import { clipGradients, type Clipping } from '../clipping.js';
import type { Network } from '../network.js';
import type { OptimizerState } from '../optimizers.js';

/** What a training step does beyond the plain gradient: dropout masks (per layer, [rows, units]) and clipping. */
export interface StepExtras {
  readonly masks?: readonly (Matrix | undefined)[];
  readonly clip?: Clipping;
}

/** One gradient-descent step on a batch already on the backend. Returns the 1×1 batch loss (caller owns it). */
export function trainStep(network: Network, optimizer: OptimizerState, x: Matrix, y: Matrix, extras: StepExtras = {}): Matrix {
  const grads = network.gradients(x, y, extras.masks);
  if (extras.clip) clipGradients(network.ops, grads, extras.clip);
  optimizer.apply(grads);
  for (const m of grads.dW) network.ops.dispose(m);
  for (const m of grads.db) network.ops.dispose(m);
  return grads.loss;
}
