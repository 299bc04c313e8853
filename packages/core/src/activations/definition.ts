/**
 * What one activation is, written once (micrograd's habit: the forward beside its derivative):
 * the reference built from the backend primitives, the fused host path's source snippets, and
 * the properties the rest of the library reads (gradient checks, validation, the CLI).
 *
 * To add an activation: write one file in this folder exporting an ActivationDefinition, and add
 * one line to the registry in `./index.ts`. It then trains on every backend through the
 * reference (backends fuse only the kinds they declare in `fusedKinds`), on the host path, and
 * the conformance suite checks it (gradient checks included) with no other edit.
 */
import type { BackendPrimitives, Matrix } from '../backend.js';

/** The primitives a reference activation is built from. */
export type Primitives = Pick<BackendPrimitives, 'unary' | 'binary' | 'binaryScalar' | 'reduce' | 'dispose'>;

/**
 * Source snippets for the fused host path (host-step-source.ts). Only fixed text and the names
 * handed in go into them: no value is ever formatted into code.
 */
export type HostActivationSource =
  | {
      /** f applies to each element on its own. */
      readonly kind: 'elementwise';
      /** An expression of f(v), where `v` names the pre-activation value and `alpha` the parameter. */
      readonly forward: (v: string, alpha: string) => string;
      /**
       * An expression of e·f'(z), given the names of the incoming error e, the pre-activation z
       * and the activation a = f(z); undefined when f' = 1 (the error passes unchanged).
       */
      readonly backward: ((e: string, z: string, a: string, alpha: string) => string) | undefined;
      /** Function declarations the expressions call, emitted once per generated step (names start with the activation's). */
      readonly helpers?: string;
    }
  | {
      /** f mixes the elements of a row (softmax). */
      readonly kind: 'row';
      /** Statements writing a[ro + j] = f(z)[ro + j] for j < U, given the array names and the row offset. */
      readonly forward: (row: HostRow) => string;
      /** Statements replacing e[ro + j] with the row's Jacobian product. */
      readonly backward: (row: HostRow) => string;
    };

/** Names of one row's arrays in generated host code: `z[ro + j]`, j < U (a literal). */
export interface HostRow {
  readonly z: string;
  readonly a: string;
  readonly e: string;
  readonly ro: string;
  readonly U: string;
}

export interface ActivationDefinition {
  /** The formula, for docs and messages. */
  readonly formula: string;
  /** Where the formula comes from, when it is not textbook. */
  readonly source?: string;
  /**
   * Smooth everywhere (no kink): finite-difference gradient checks hold with a step large
   * enough to beat float32 rounding. ReLU-like kinks are checked in float64 only.
   */
  readonly smooth: boolean;
  /** What the derivative reads: the pre-activation Z, the activation A, or both. */
  readonly derivativeReads: 'z' | 'a' | 'both' | 'none';
  /** f(z) = z: a dense layer's A is the same handle as its Z (denseForward's contract). */
  readonly identity: boolean;
  /** Uses the `alpha` parameter (leakyRelu's negative slope), which must lie in [0, 1]. */
  readonly usesAlpha: boolean;
  /** A = f(Z) from primitives; returns a new handle (never `z` itself) and disposes its intermediates. */
  readonly forward: (b: Primitives, z: Matrix, alpha: number) => Matrix;
  /** dZ = dA ⊙ f'(Z) (or the row Jacobian product), from primitives, given Z and A = f(Z). */
  readonly backward: (b: Primitives, dA: Matrix, z: Matrix, a: Matrix, alpha: number) => Matrix;
  readonly host: HostActivationSource;
}

/** Runs `steps` on primitives, disposing every intermediate but the last result. */
export function chain(b: Primitives, first: Matrix, ...steps: ((m: Matrix) => Matrix)[]): Matrix {
  let current = first;
  const made: Matrix[] = [];
  for (const step of steps) {
    current = step(current);
    made.push(current);
  }
  made.pop();
  for (const m of made) b.dispose(m);
  return current;
}

/** Disposes every handle listed, then returns `result`. */
export function keep(b: Primitives, result: Matrix, ...intermediates: Matrix[]): Matrix {
  for (const m of intermediates) b.dispose(m);
  return result;
}
