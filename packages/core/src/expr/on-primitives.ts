/**
 * Core's reference: a program run as backend primitive calls, one call per node, every
 * intermediate disposed. It defines what a fused kernel must compute (the conformance suite
 * compares every backend's kernels against it) and runs wherever a backend has no `elementwise`.
 *
 * Scalars (literals, params and what is computed from them alone) stay on the host and reach the
 * backend through `binaryScalar`. A select (`where`) is built so that ±∞ or NaN on the side not
 * taken never leaks into the result (an infinite error times a zero derivative must give 0, not
 * NaN): see `select`.
 */
import type { BackendPrimitives, BinaryOp, Matrix } from '../backend.js';
import { applyBinary, applyUnary } from './evaluate.js';
import type { BinaryFn, Expr } from './expr.js';
import type { Program } from './program.js';

export type Primitives = Pick<BackendPrimitives, 'unary' | 'binary' | 'binaryScalar' | 'reduce' | 'dispose' | 'fill'>;

/** A node's value: a matrix (full, or a [rows,1] column from a row reduction) or a host number. */
type Value = Matrix | number;

const COMMUTATIVE: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'mul', 'max', 'min']);

/** The expression language's binary functions that are Backend binary ops (pow is host-only). */
type KernelBinary = Exclude<BinaryFn, 'pow'>;

/**
 * Runs `program` on `b`: inputs and params in program order; returns its outputs in order, each
 * a new handle (rows×cols, or 1×1 for 'batchMean'). Every intermediate is disposed.
 */
export function runOnPrimitives(b: Primitives, program: Program, inputs: readonly Matrix[], params: readonly number[]): Matrix[] {
  const rows = inputs[0]?.rows ?? 1;
  const cols = inputs[0]?.cols ?? 1;
  const made = new Set<Matrix>();
  const memo = new Map<Expr, Value>();
  const track = (m: Matrix): Matrix => (made.add(m), m);
  const isFull = (v: Value): v is Matrix => typeof v !== 'number' && v.cols === cols;

  /** v as a full rows×cols matrix: a host number is filled, a row reduction's column broadcast (0 + x is exact). */
  const full = (v: Value): Matrix => {
    if (typeof v === 'number') return track(b.fill(rows, cols, v));
    if (v.cols === cols) return v;
    const zeros = track(b.fill(rows, cols, 0));
    return track(b.binary('add', zeros, v));
  };

  const binary = (op: KernelBinary, x: Value, y: Value): Value => {
    if (typeof x === 'number' && typeof y === 'number') return applyBinary(op, x, y);
    if (typeof y === 'number') return track(b.binaryScalar(op, x as Matrix, y));
    if (typeof x === 'number') {
      if (COMMUTATIVE.has(op)) return track(b.binaryScalar(op, y, x));
      return track(b.binary(op, full(x), y));
    }
    // b broadcasts as a column ([rows,1], a row reduction); the left operand must be full.
    if (!isFull(x) && isFull(y)) return COMMUTATIVE.has(op) ? track(b.binary(op, y, x)) : track(b.binary(op, full(x), y));
    return track(b.binary(op, x, y));
  };

  /**
   * Where mask = 1 passes v, where mask = 0 gives exactly 0, even for v = ±∞: v is clamped to
   * [−U, U] with U = |1/(mask − 1)| − 1, which is +∞ where mask = 1 (1/0 = ∞) and 0 where
   * mask = 0 (|1/−1| − 1). min/max with ±∞ leave v, ±∞ included, as it is.
   */
  const pass = (v: Matrix, mask: Matrix, where: 1 | 0): Matrix => {
    const shifted = where === 1 ? track(b.binaryScalar('sub', mask, 1)) : mask; // 0 on the passing side
    const inv = track(b.unary('reciprocal', shifted));
    const bound = track(b.unary('abs', inv));
    const upper = track(b.binaryScalar('sub', bound, 1));
    const lower = track(b.unary('neg', upper));
    const capped = track(b.binary('min', v, upper));
    return track(b.binary('max', capped, lower));
  };

  const select = (e: Extract<Expr, { op: 'where' }>): Value => {
    const a = value(e.a);
    const c = value(e.b);
    // A condition on host numbers alone (leakyRelu's α > 0) is decided here.
    if (typeof a === 'number' && typeof c === 'number') return a > c ? value(e.then) : value(e.otherwise);
    const thenIsZero = e.then.op === 'lit' && e.then.value === 0;
    const otherIsZero = e.otherwise.op === 'lit' && e.otherwise.value === 0;
    // relu(x) as one primitive: where(x > 0, x, 0).
    if (e.a === e.then && e.b.op === 'lit' && e.b.value === 0 && otherIsZero) return track(b.unary('relu', full(a)));
    const mask = typeof c === 'number' ? (c === 0 ? track(b.unary('step', full(a))) : track(b.binaryScalar('greater', full(a), c))) : track(b.binary('greater', full(a), full(c)));
    const parts: Matrix[] = [];
    if (!thenIsZero) parts.push(pass(full(value(e.then)), mask, 1));
    if (!otherIsZero) parts.push(pass(full(value(e.otherwise)), mask, 0));
    if (parts.length === 0) return 0;
    return parts.length === 1 ? parts[0]! : track(b.binary('add', parts[0]!, parts[1]!));
  };

  const value = (e: Expr): Value => {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    let v: Value;
    switch (e.op) {
      case 'lit':
        v = e.value;
        break;
      case 'param':
        v = params[program.params.indexOf(e.name)]!;
        break;
      case 'input':
        v = inputs[program.inputs.indexOf(e.name)]!;
        break;
      case 'unary': {
        const x = value(e.x);
        v = typeof x === 'number' ? applyUnary(e.fn, x) : track(b.unary(e.fn, x));
        break;
      }
      case 'binary':
        if (e.fn === 'pow') {
          const [x, y] = [value(e.a), value(e.b)];
          if (typeof x !== 'number' || typeof y !== 'number') throw new Error(`program ${program.key}: pow is for host scalars only`);
          v = Math.pow(x, y);
        } else v = binary(e.fn, value(e.a), value(e.b));
        break;
      case 'where':
        v = select(e);
        break;
      case 'rowReduce':
        v = track(b.reduce(e.fn === 'rowSum' ? 'sum' : 'max', full(value(e.x)), 1));
        break;
    }
    memo.set(e, v);
    return v;
  };

  const results: Matrix[] = [];
  for (const output of program.outputs) {
    const v = value(output.expr);
    if (output.reduce === 'batchMean') {
      // The mean over rows of the per-row sum, as a 1×1 matrix.
      const rowSums = track(b.reduce('sum', full(v), 1));
      const total = track(b.reduce('sum', rowSums, 0));
      results.push(b.binaryScalar('div', total, rows));
    } else if (typeof v !== 'number' && isFull(v) && !made.has(v)) {
      // An input passed through (linear): the caller owns a distinct handle.
      results.push(b.binaryScalar('mul', v, 1));
    } else if (typeof v !== 'number' && isFull(v) && !results.includes(v)) {
      made.delete(v);
      results.push(v);
    } else {
      const m = full(v);
      made.delete(m);
      results.push(results.includes(m) ? b.binaryScalar('mul', m, 1) : m);
    }
  }
  for (const m of made) b.dispose(m);
  return results;
}
