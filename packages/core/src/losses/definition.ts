/**
 * What one loss is, written once: its per-element value from primitives, the output layer's
 * error, the output activations it pairs with, how accuracy is judged, and the fused host
 * path's snippets. Batch convention (kept everywhere): the loss is the MEAN over the batch of
 * the per-sample loss, which SUMS over outputs; so every error is divided by the batch size.
 *
 * To add a loss: one file here exporting a LossDefinition, one line in `./index.ts`.
 */
import type { Activation } from '../activations/index.js';
import type { Matrix } from '../backend.js';
import type { Primitives } from '../activations/definition.js';

/**
 * How a prediction counts as right: 'argmax' (the largest output is the target's largest: one
 * class of several), 'threshold' (every output on the same side of 0.5 as its target: binary or
 * multi-label).
 */
export type AccuracyRule = 'argmax' | 'threshold';

/** Names in generated host code for one output row: `z[ro + j]`, `Y[yo + j]`, j < U. */
export interface HostLossRow {
  readonly z: string;
  readonly a: string;
  readonly y: string;
  readonly ro: string;
  readonly yo: string;
  readonly U: string;
}

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
  /** dLoss/dA per element (for 'throughActivation'), from primitives. */
  readonly dLossdA: (b: Primitives, a: Matrix, y: Matrix) => Matrix;
  /** The per-element loss from primitives (summed over outputs and averaged over rows by the caller). Takes Z for stability where it can. */
  readonly elements: (b: Primitives, z: Matrix, a: Matrix, y: Matrix) => Matrix;
  readonly host: {
    /** Statements adding this row's summed loss to the local `loss`. */
    readonly rowLoss: (row: HostLossRow) => string;
    /** An expression of dLoss/dA for one element, given the names of a and y. */
    readonly dLossdA: (a: string, y: string) => string;
  };
}
