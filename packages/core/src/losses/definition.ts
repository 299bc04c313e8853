/**
 * What one loss is, written once: its per-element value and dLoss/dA as expressions (../expr/),
 * the output layer's error, the output activations it pairs with, and how accuracy is judged. Batch convention (kept
 * everywhere): the loss is the MEAN over the batch of the per-sample loss, which SUMS over outputs; so every error is divided by the batch size.
 *
 * To add a loss: one file here exporting a LossDefinition, one line in `./index.ts`.
 */
import type { Activation } from '../activations/index.js';
import { input, type Expr } from '../expr/expr.js';

/** The expression inputs a loss reads: the output layer's logits Z, its activation A, the targets Y. */
export const z = input('z');
export const a = input('a');
export const y = input('y');

/**
 * How a prediction counts as right: 'argmax' (the largest output is the target's largest: one
 * class of several), 'threshold' (every output on the same side of 0.5 as its target: binary or
 * multi-label).
 */
export type AccuracyRule = 'argmax' | 'threshold';

export interface LossDefinition {
  readonly formula: string;
  /** The output activations this loss is defined with ('any': every activation). */
  readonly outputActivations: readonly Activation[] | 'any';
  /** Fewest outputs that make sense (a softmax over one output is constant). */
  readonly minOutputs: number;
  /** What a target row is: real values, one-hot classes, or 0/1 labels. Conformance draws targets by it. */
  readonly targets: 'real' | 'oneHot' | 'binary';
  /** The accuracy rule the loss implies (none for a regression loss). */
  readonly accuracy: AccuracyRule | undefined;
  /**
   * The output error E_L = dLoss/dZ_L:
   * - 'canonical': (A − Y)/batch, because the paired activation's derivative cancels
   *   (softmax with cross-entropy, sigmoid with binary cross-entropy);
   * - 'throughActivation': (dLoss/dA)/batch ⊙ f'(Z) through the output activation's backward.
   */
  readonly error: 'canonical' | 'throughActivation';
  /** dLoss/dA per element (for 'throughActivation'): reads `a` and `y`. */
  readonly dLossdA: Expr;
  /**
   * The per-element loss (summed over outputs and averaged over rows by the caller): reads `z`,
   * `a`, `y`; takes Z for stability where it can, and may use row reductions (log-softmax).
   */
  readonly elements: Expr;
}
