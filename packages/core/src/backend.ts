/**
 * The Backend contract: what a compute engine must implement for backprop to run on it.
 *
 * Everything is a 2-D matrix (a bias is a 1×n row, a scalar is 1×1). Handles are opaque: core
 * reads only `rows` and `cols`. Operations return new handles at once and never change their
 * inputs (tfjs tensors and gpu.js textures are immutable, so the contract is too); only reading
 * data out is async, with a sync read where the backend can.
 *
 * Core validates every shape and argument before it calls a backend, so a backend may assume
 * valid input. No gradient logic lives in a backend: the optional composite operations below
 * have reference implementations in core (`reference-ops.ts`) built from the primitives, and a
 * backend overrides one only to run the same math faster; the conformance suite checks every
 * override against the reference.
 */

import type { Activation } from './activations/index.js';
import type { Loss } from './losses/index.js';
import type { Program } from './expr/program.js';

/** An opaque handle to a rows×cols matrix stored by a backend. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
}

export type Precision = 'float32' | 'float64';

/** Elementwise functions of one argument. `step(x)` is 1 where x > 0, else 0. */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'square'
  | 'abs'
  | 'reciprocal'
  | 'relu'
  | 'step'
  | 'sigmoid'
  | 'tanh';

/**
 * Elementwise functions of two arguments. `greater(a, b)` is 1 where a > b, else 0.
 * The second argument broadcasts: it is either a's shape, a row [1, a.cols] (biases),
 * a column [a.rows, 1] (per-sample values such as a softmax's row maxima) or a scalar [1, 1].
 */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'greater';

export type ReduceOp = 'sum' | 'max';

/** 0: over the rows, giving [1, cols] (the article's Σ_rows for bias gradients); 1: over the columns, giving [rows, 1]. */
export type Axis = 0 | 1;

export const UNARY_OPS: readonly UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'square', 'abs', 'reciprocal', 'relu', 'step', 'sigmoid', 'tanh'];
export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'greater'];
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'max'];

/** How a backend describes itself. */
export interface BackendInfo {
  /** The package's short name: 'js', 'gpujs', 'tfjs'. */
  readonly name: string;
  /** The engine or mode really in use, e.g. 'float32', 'headlessgl', 'wasm'. */
  readonly engine: string;
  /** The float precision of stored values and arithmetic; conformance tolerances follow it. */
  readonly precision: Precision;
  /** What this backend cannot do, in words a user can act on. Empty when nothing is known. */
  readonly limits: readonly string[];
}

/**
 * The required primitives: what your engine must implement. About a dozen members, one file.
 */
export interface BackendPrimitives {
  readonly info: BackendInfo;

  /** Copies row-major `data` (length rows·cols) into a new matrix. */
  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix;
  /** A new rows×cols matrix with every element `value`. */
  fill(rows: number, cols: number, value: number): Matrix;
  /** Row-major copy of the data. The caller owns the returned array. */
  read(m: Matrix): Promise<Float32Array | Float64Array>;
  /**
   * Frees the storage behind a handle. The handle rule, the same on every backend (conformance
   * checks it): using a disposed handle, disposing twice, or passing a handle that another
   * backend instance made throws a `BackpropError` naming the operation. `HandleTable` does
   * the bookkeeping for you.
   */
  dispose(m: Matrix): void;
  /** How many handles are alive (made and not disposed): tests prove training leaks none. */
  liveHandles(): number;

  /** op(a)·op(b), where op transposes when its flag is set. */
  matmul(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Matrix;
  unary(op: UnaryOp, a: Matrix): Matrix;
  /** a op b, with b broadcast as described on BinaryOp. */
  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix;
  /** a op s for a plain number s: saves a 1×1 upload for every learning rate and constant. */
  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix;
  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix;
}

/** Optional extras that a backend provides when it can. */
export interface BackendExtras {
  /** A synchronous read, for backends whose data is in host memory (or can be read without waiting). */
  readSync?(m: Matrix): Float32Array | Float64Array;
  /**
   * The live storage behind a handle, for backends that keep data in a host typed array.
   * Writing to it changes the matrix. When present, core may train small networks through its
   * fused host path (`host-step.ts`): the same math with no per-operation overhead.
   */
  hostArray?(m: Matrix): Float32Array | Float64Array;
  /** Releases everything the backend holds (contexts, workers, caches). Handles become invalid. */
  close?(): void;
  /**
   * Runs a program (core's expression language, `Program` in ./expr/program.ts) as one fused
   * kernel of the backend's own language. The one fusion point: a backend that has it runs every
   * activation, loss and update rule in core's registries fused, the day a kind is added, with
   * no per-kind code. `inputs` (all one shape, rows×cols) and `params` come in the program's
   * order; returns one new handle per output, in order: rows×cols, or 1×1 for an output with
   * `reduce: 'batchMean'` (Σ over all elements / rows). Compile once per `program.key` and cache.
   * Print programs with core's `lowerProgram` and a Dialect of your language; values are
   * arguments (params), never spliced into source.
   */
  elementwise?(program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[];
}

// The kinds come from the registries (one definition each, activations/ and losses/).
export { ACTIVATIONS, type Activation } from './activations/index.js';
export { LOSSES, type Loss } from './losses/index.js';

/** An activation with its parameter (leakyRelu's negative slope; ignored by the others). */
export interface ActivationSpec {
  readonly kind: Activation;
  readonly alpha: number;
}

/**
 * An ActivationSpec narrowed to the kinds a backend's fused kernels handle. Type a fused
 * override's parameter with it (Ops calls the override only for the kinds in
 * `fusedKinds.activations`), so that its switch is exhaustive over exactly what it declares:
 *   const FUSED = ['relu', 'tanh'] as const satisfies readonly Activation[];
 *   activation(spec: FusedActivationSpec<(typeof FUSED)[number]>, z: Matrix): Matrix { switch (spec.kind) { ... } }
 */
export interface FusedActivationSpec<K extends Activation> extends ActivationSpec {
  readonly kind: K;
}


export interface AdamHyper {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** 1-based step count, for bias correction. */
  readonly step: number;
}

/**
 * Composite operations. Each has a reference implementation in core built from the primitives;
 * a backend may override any of them with a fused kernel. Returned handles are new (a result
 * may be the same handle as another result of the same call only where documented).
 *
 * Batch convention, kept everywhere: losses are the MEAN over the batch (rows) of the per-sample
 * loss, and the per-sample loss SUMS over outputs. MSE per sample is Σ_j 0.5·(ŷ_j − y_j)², as in
 * the article; so the error handed back is (ŷ − y)/batch.
 */
export interface CompositeOps {
  /** A = f(Z). */
  activation(spec: ActivationSpec, z: Matrix): Matrix;
  /** dZ = dA ⊙ f'(Z) (for softmax, the Jacobian-vector product), given Z and A = f(Z). */
  activationBackward(spec: ActivationSpec, dA: Matrix, z: Matrix, a: Matrix): Matrix;
  /** Z = X·W + b and A = f(Z). For 'linear', `a` is the same handle as `z`. */
  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix };
  /**
   * The output layer's error term E_L (dLoss/dZ_L) and the batch loss as a 1×1 matrix.
   * 'softmaxCrossEntropy' needs a softmax output and 'sigmoidBinaryCrossEntropy' a sigmoid output;
   * both take Z (logits) for numerical stability. 'mse' works with any output activation.
   */
  outputError(loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): { loss: Matrix; error: Matrix };
  /** The batch loss alone (1×1), for evaluation without gradients. */
  lossValue(loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): Matrix;
  /** W − lr·G (the article's update). */
  sgdUpdate(w: Matrix, g: Matrix, lr: number): Matrix;
  /** v' = μ·v + G; W' = W − lr·v'. */
  momentumUpdate(w: Matrix, v: Matrix, g: Matrix, lr: number, momentum: number): { w: Matrix; v: Matrix };
  /** Adam with bias correction: m' = β1·m + (1−β1)·G; v' = β2·v + (1−β2)·G²; W' = W − lr·m̂/(√v̂ + ε). */
  adamUpdate(w: Matrix, m: Matrix, v: Matrix, g: Matrix, hyper: AdamHyper): { w: Matrix; m: Matrix; v: Matrix };
}

export type CompositeOpName = keyof CompositeOps;
export const COMPOSITE_OPS: readonly CompositeOpName[] = [
  'activation',
  'activationBackward',
  'denseForward',
  'outputError',
  'lossValue',
  'sgdUpdate',
  'momentumUpdate',
  'adamUpdate',
];

/**
 * Which kinds a backend's fused composites handle. Every kind not listed runs on core's
 * reference (built from the primitives), so an activation or loss added to core works on every
 * backend the day it lands, before any backend fuses it (Burn's per-function defaults).
 *
 * - `activation`, `activationBackward` and `denseForward` overrides are called only for the
 *   activations listed in `activations`;
 * - `outputError` and `lossValue` overrides only when the loss is in `losses` AND the output
 *   activation is in `activations`.
 * A backend that overrides one of these composites must declare the list it depends on:
 * `new Ops(backend)` refuses it otherwise. Optimizer updates do not depend on a kind.
 */
export interface FusedKinds {
  readonly activations?: readonly Activation[];
  readonly losses?: readonly Loss[];
}

/** The composites whose fused override depends on an activation kind. */
export const ACTIVATION_COMPOSITES = ['activation', 'activationBackward', 'denseForward'] as const;
/** The composites whose fused override depends on a loss (and the output activation). */
export const LOSS_COMPOSITES = ['outputError', 'lossValue'] as const;

/** What a backend package exports: the primitives, any extras, and any composite it fuses. */
export type Backend = BackendPrimitives & BackendExtras & Partial<CompositeOps> & { readonly fusedKinds?: FusedKinds };

/** The members every backend must have, as functions (`info` is checked separately). */
export const REQUIRED_PRIMITIVES = ['fromArray', 'fill', 'read', 'dispose', 'liveHandles', 'matmul', 'unary', 'binary', 'binaryScalar', 'reduce'] as const satisfies readonly (keyof BackendPrimitives)[];
