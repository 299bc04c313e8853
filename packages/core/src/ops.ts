/**
 * Ops: a backend seen through core. Every call is validated here (so backends may assume valid
 * input), and each composite operation goes to the backend's fused override when it has one,
 * else to core's reference implementation.
 */
import {
  ACTIVATION_COMPOSITES,
  ACTIVATIONS,
  BINARY_OPS,
  COMPOSITE_OPS,
  LOSS_COMPOSITES,
  LOSSES,
  REDUCE_OPS,
  REQUIRED_PRIMITIVES,
  UNARY_OPS,
  type Activation,
  type ActivationSpec,
  type AdamHyper,
  type Axis,
  type Backend,
  type BackendInfo,
  type BinaryOp,
  type CompositeOpName,
  type CompositeOps,
  type FusedKinds,
  type Loss,
  type Matrix,
  type ReduceOp,
  type UnaryOp,
} from './backend.js';
import { beyondPrecision } from './data.js';
import { BackpropError, describeValue, shapeText } from './errors.js';
import { overflowLimit } from './precision.js';
import { ACTIVATION_DEFINITIONS } from './activations/index.js';
import { programComposites, referenceOps } from './reference-ops.js';
import { activationProblem, alphaProblem, lossProblem, pairingProblem } from './spec-rules.js';

function checkSize(op: string, what: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new BackpropError(op, `${what} must be a positive integer, got ${describeValue(n)}`);
  }
}

function checkFinite(op: string, what: string, x: unknown): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new BackpropError(op, `${what} must be a finite number, got ${describeValue(x)}`);
  }
}

function checkMatrix(op: string, what: string, m: unknown): asserts m is Matrix {
  const mm = m as Matrix | null | undefined;
  if (mm === null || typeof mm !== 'object' || typeof mm.rows !== 'number' || typeof mm.cols !== 'number') {
    throw new BackpropError(op, `${what} must be a Matrix handle, got ${describeValue(m)}`);
  }
}

function checkSameShape(op: string, a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new BackpropError(op, `${what} must have the same shape, got ${shapeText(a)} and ${shapeText(b)}`);
  }
}

function checkActivation(op: string, spec: ActivationSpec): void {
  const badKind = activationProblem(spec.kind);
  if (badKind) throw new BackpropError(op, `activation ${badKind}`);
  const badAlpha = ACTIVATION_DEFINITIONS[spec.kind].usesAlpha ? alphaProblem(spec.alpha) : undefined;
  if (badAlpha) throw new BackpropError(op, `${spec.kind} alpha ${badAlpha}`);
}

/**
 * Refuses a backend object that lacks a required primitive, names an unknown composite, or
 * overrides a kind-dependent composite without declaring the kinds it fuses. One message lists
 * every problem, so a contributor fixes them all at once.
 */
export function backendShapeProblems(backend: unknown): string[] {
  if (backend === null || typeof backend !== 'object') return [`the backend must be an object, got ${describeValue(backend)}`];
  const b = backend as Record<string, unknown>;
  const problems: string[] = [];
  const info = b['info'] as Partial<BackendInfo> | undefined;
  if (info === null || typeof info !== 'object') problems.push('info is missing (an object with name, engine, precision, limits)');
  const missing = REQUIRED_PRIMITIVES.filter((name) => typeof b[name] !== 'function');
  if (missing.length > 0) {
    problems.push(
      `missing primitives (not functions): ${missing.join(', ')}` +
        ' (a spread `{ ...backend }` copies own fields only, not class methods: wrap with methods that call the original instead)',
    );
  }
  const fused = b['fusedKinds'] as FusedKinds | undefined;
  for (const name of ACTIVATION_COMPOSITES) {
    if (typeof b[name] === 'function' && !Array.isArray(fused?.activations)) {
      problems.push(`overrides ${name} but declares no fusedKinds.activations (the activation kinds its kernel handles)`);
    }
  }
  for (const name of LOSS_COMPOSITES) {
    if (typeof b[name] === 'function' && (!Array.isArray(fused?.losses) || !Array.isArray(fused?.activations))) {
      problems.push(`overrides ${name} but declares no fusedKinds.losses and fusedKinds.activations (the kinds its kernel handles)`);
    }
  }
  for (const kind of fused?.activations ?? []) if (!ACTIVATIONS.includes(kind)) problems.push(`fusedKinds.activations names an unknown activation ${describeValue(kind)}`);
  for (const kind of fused?.losses ?? []) if (!LOSSES.includes(kind)) problems.push(`fusedKinds.losses names an unknown loss ${describeValue(kind)}`);
  return problems;
}

function checkBackendShape(backend: unknown): void {
  const problems = backendShapeProblems(backend);
  if (problems.length > 0) throw new BackpropError('Ops', `not a usable Backend: ${problems.join('; ')}`);
}

export class Ops implements CompositeOps {
  readonly backend: Backend;
  private readonly reference: CompositeOps;
  /** The composites built on the backend's `elementwise`, when it has one. */
  private readonly compiled: CompositeOps | undefined;
  /** Where each composite call goes, resolved once: the backend's override, or core's reference. */
  private readonly impl: CompositeOps;

  /** Activation kinds the backend's fused kernels handle (others run on the reference). */
  private readonly fusedActivations: ReadonlySet<Activation>;
  /** Losses the backend's fused kernels handle (others run on the reference). */
  private readonly fusedLosses: ReadonlySet<Loss>;

  constructor(backend: Backend) {
    checkBackendShape(backend);
    this.backend = backend;
    this.reference = referenceOps(backend);
    // A backend with `elementwise` compiles every kind's program itself: that is its fallback
    // for every composite it does not override, for every kind.
    this.compiled = backend.elementwise ? programComposites(backend, (program, inputs, params) => backend.elementwise!(program, inputs, params)) : undefined;
    const impl: Partial<Record<CompositeOpName, unknown>> = {};
    for (const name of COMPOSITE_OPS) {
      const own = backend[name];
      impl[name] = own ? own.bind(backend) : this.fallbackOf(name);
    }
    this.impl = impl as CompositeOps;
    this.fusedActivations = new Set(backend.fusedKinds?.activations ?? []);
    this.fusedLosses = new Set(backend.fusedKinds?.losses ?? []);
  }

  /** The one rule of per-kind fallback (backend.ts, FusedKinds): does the backend's kernel take these kinds? */
  private takes(activation: Activation | undefined, loss?: Loss): boolean {
    return activation !== undefined && this.fusedActivations.has(activation) && (loss === undefined || this.fusedLosses.has(loss));
  }

  /** Where a composite goes when the backend's own override does not take the kind: its compiled programs, else core's reference. */
  private fallbackOf<K extends CompositeOpName>(name: K): CompositeOps[K] {
    return (this.compiled ?? this.reference)[name];
  }

  /** Where a call with this activation goes: the backend's kernel when it fuses the kind. */
  private activationImpl<K extends (typeof ACTIVATION_COMPOSITES)[number]>(name: K, kind: Activation): CompositeOps[K] {
    return this.takes(kind) ? this.impl[name] : this.fallbackOf(name);
  }

  private lossImpl<K extends (typeof LOSS_COMPOSITES)[number]>(name: K, loss: Loss, output: Activation): CompositeOps[K] {
    return this.takes(output, loss) ? this.impl[name] : this.fallbackOf(name);
  }

  /**
   * Whether a call of composite `name` with these kinds runs the backend's own kernel (true) or
   * core's reference (false). The conformance suite uses it to say which of the two it checked.
   */
  isFused(name: CompositeOpName, kinds: { activation?: Activation; loss?: Loss } = {}): boolean {
    if (this.compiled) return true;
    if (typeof this.backend[name] !== 'function') return false;
    if ((ACTIVATION_COMPOSITES as readonly string[]).includes(name)) return this.takes(kinds.activation);
    if ((LOSS_COMPOSITES as readonly string[]).includes(name)) return kinds.loss !== undefined && this.takes(kinds.activation, kinds.loss);
    return true;
  }

  get info(): BackendInfo {
    return this.backend.info;
  }

  /** Which composite operations this backend runs fused: its own overrides, or every one when it compiles programs (`elementwise`). */
  overrides(): CompositeOpName[] {
    return COMPOSITE_OPS.filter((name) => this.compiled !== undefined || typeof this.backend[name] === 'function');
  }

  // ---- primitives, validated ----

  fromArray(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    checkSize('fromArray', 'rows', rows);
    checkSize('fromArray', 'cols', cols);
    if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
      throw new BackpropError('fromArray', `data must be an array of numbers, got ${describeValue(data)}`);
    }
    if (data.length !== rows * cols) {
      throw new BackpropError('fromArray', `expected ${rows}×${cols} = ${rows * cols} values, got ${data.length}`);
    }
    const limit = overflowLimit(this.backend.info.precision);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new BackpropError('fromArray', `value at index ${i} (row ${Math.floor(i / cols)}, column ${i % cols}) must be a finite number, got ${describeValue(v)}`);
      }
      if (!(v < limit && v > -limit)) throw beyondPrecision('fromArray', `value at index ${i} (row ${Math.floor(i / cols)}, column ${i % cols})`, v, this.backend.info.precision);
    }
    return this.backend.fromArray(data, rows, cols);
  }

  fill(rows: number, cols: number, value: number): Matrix {
    checkSize('fill', 'rows', rows);
    checkSize('fill', 'cols', cols);
    checkFinite('fill', 'value', value);
    return this.backend.fill(rows, cols, value);
  }

  read(m: Matrix): Promise<Float32Array | Float64Array> {
    checkMatrix('read', 'argument', m);
    return this.backend.read(m);
  }

  /** A sync read where the backend has one, else undefined. */
  readSync(m: Matrix): Float32Array | Float64Array | undefined {
    checkMatrix('readSync', 'argument', m);
    return this.backend.readSync?.(m);
  }

  /** Frees a handle. Disposing twice, or a handle of another backend instance, is a BackpropError (the backend's handle rule). */
  dispose(m: Matrix): void {
    checkMatrix('dispose', 'argument', m);
    this.backend.dispose(m);
  }

  liveHandles(): number {
    return this.backend.liveHandles();
  }

  matmul(a: Matrix, b: Matrix, transposeA = false, transposeB = false): Matrix {
    checkMatrix('matmul', 'a', a);
    checkMatrix('matmul', 'b', b);
    const inner = transposeA ? a.rows : a.cols;
    const innerB = transposeB ? b.cols : b.rows;
    if (inner !== innerB) {
      const ta = transposeA ? 'ᵀ' : '';
      const tb = transposeB ? 'ᵀ' : '';
      throw new BackpropError('matmul', `inner sizes differ, ${shapeText(a)}${ta} × ${shapeText(b)}${tb}`);
    }
    return this.backend.matmul(a, b, transposeA, transposeB);
  }

  unary(op: UnaryOp, a: Matrix): Matrix {
    if (!UNARY_OPS.includes(op)) throw new BackpropError('unary', `op must be one of ${UNARY_OPS.join(', ')}, got ${describeValue(op)}`);
    checkMatrix(`unary(${op})`, 'argument', a);
    return this.backend.unary(op, a);
  }

  binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
    if (!BINARY_OPS.includes(op)) throw new BackpropError('binary', `op must be one of ${BINARY_OPS.join(', ')}, got ${describeValue(op)}`);
    const name = `binary(${op})`;
    checkMatrix(name, 'a', a);
    checkMatrix(name, 'b', b);
    const ok = (b.rows === a.rows || b.rows === 1) && (b.cols === a.cols || b.cols === 1);
    if (!ok) {
      throw new BackpropError(
        name,
        `b must be ${shapeText(a)}, a row [1,${a.cols}], a column [${a.rows},1] or a scalar [1,1], got ${shapeText(b)}`,
      );
    }
    return this.backend.binary(op, a, b);
  }

  binaryScalar(op: BinaryOp, a: Matrix, s: number): Matrix {
    if (!BINARY_OPS.includes(op)) throw new BackpropError('binaryScalar', `op must be one of ${BINARY_OPS.join(', ')}, got ${describeValue(op)}`);
    checkMatrix(`binaryScalar(${op})`, 'a', a);
    checkFinite(`binaryScalar(${op})`, 'scalar', s);
    return this.backend.binaryScalar(op, a, s);
  }

  reduce(op: ReduceOp, a: Matrix, axis: Axis): Matrix {
    if (!REDUCE_OPS.includes(op)) throw new BackpropError('reduce', `op must be one of ${REDUCE_OPS.join(', ')}, got ${describeValue(op)}`);
    checkMatrix(`reduce(${op})`, 'argument', a);
    if (axis !== 0 && axis !== 1) throw new BackpropError(`reduce(${op})`, `axis must be 0 or 1, got ${describeValue(axis)}`);
    return this.backend.reduce(op, a, axis);
  }

  // ---- composites, validated, then fused or reference ----

  activation(spec: ActivationSpec, z: Matrix): Matrix {
    checkActivation('activation', spec);
    checkMatrix('activation', 'z', z);
    return this.activationImpl('activation', spec.kind)(spec, z);
  }

  activationBackward(spec: ActivationSpec, dA: Matrix, z: Matrix, a: Matrix): Matrix {
    const op = 'activationBackward';
    checkActivation(op, spec);
    checkMatrix(op, 'dA', dA);
    checkMatrix(op, 'z', z);
    checkMatrix(op, 'a', a);
    checkSameShape(op, dA, z, 'dA and z');
    checkSameShape(op, z, a, 'z and a');
    return this.activationImpl('activationBackward', spec.kind)(spec, dA, z, a);
  }

  denseForward(x: Matrix, w: Matrix, b: Matrix, spec: ActivationSpec): { z: Matrix; a: Matrix } {
    const op = 'denseForward';
    checkActivation(op, spec);
    checkMatrix(op, 'x', x);
    checkMatrix(op, 'w', w);
    checkMatrix(op, 'b', b);
    if (x.cols !== w.rows) throw new BackpropError(op, `input has ${x.cols} columns but the weights expect ${w.rows}: ${shapeText(x)} × ${shapeText(w)}`);
    if (b.rows !== 1 || b.cols !== w.cols) throw new BackpropError(op, `bias must be [1,${w.cols}], got ${shapeText(b)}`);
    return this.activationImpl('denseForward', spec.kind)(x, w, b, spec);
  }

  private checkLoss(op: string, loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): void {
    const badLoss = lossProblem(loss);
    if (badLoss) throw new BackpropError(op, `loss ${badLoss}`);
    checkActivation(op, spec);
    checkMatrix(op, 'z', z);
    checkMatrix(op, 'a', a);
    checkMatrix(op, 'y', y);
    checkSameShape(op, z, a, 'z and a');
    checkSameShape(op, a, y, 'predictions and targets');
    const pairing = pairingProblem(loss, spec.kind);
    if (pairing) throw new BackpropError(op, pairing);
  }

  outputError(loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): { loss: Matrix; error: Matrix } {
    this.checkLoss('outputError', loss, spec, z, a, y);
    return this.lossImpl('outputError', loss, spec.kind)(loss, spec, z, a, y);
  }

  lossValue(loss: Loss, spec: ActivationSpec, z: Matrix, a: Matrix, y: Matrix): Matrix {
    this.checkLoss('lossValue', loss, spec, z, a, y);
    return this.lossImpl('lossValue', loss, spec.kind)(loss, spec, z, a, y);
  }

  sgdUpdate(w: Matrix, g: Matrix, lr: number): Matrix {
    checkSameShape('sgdUpdate', w, g, 'weights and gradient');
    checkFinite('sgdUpdate', 'lr', lr);
    return this.impl.sgdUpdate(w, g, lr);
  }

  momentumUpdate(w: Matrix, v: Matrix, g: Matrix, lr: number, momentum: number): { w: Matrix; v: Matrix } {
    checkSameShape('momentumUpdate', w, g, 'weights and gradient');
    checkSameShape('momentumUpdate', w, v, 'weights and velocity');
    checkFinite('momentumUpdate', 'lr', lr);
    checkFinite('momentumUpdate', 'momentum', momentum);
    return this.impl.momentumUpdate(w, v, g, lr, momentum);
  }

  adamUpdate(w: Matrix, m: Matrix, v: Matrix, g: Matrix, hyper: AdamHyper): { w: Matrix; m: Matrix; v: Matrix } {
    checkSameShape('adamUpdate', w, g, 'weights and gradient');
    checkSameShape('adamUpdate', w, m, 'weights and first moment');
    checkSameShape('adamUpdate', w, v, 'weights and second moment');
    checkSize('adamUpdate', 'step', hyper.step);
    return this.impl.adamUpdate(w, m, v, g, hyper);
  }

  /** The reference implementation of a composite, for comparing a backend's override against it. */
  referenceOf<K extends CompositeOpName>(name: K): CompositeOps[K] {
    return this.reference[name];
  }
}
