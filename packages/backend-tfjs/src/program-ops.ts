/**
 * Core's programs (its expression language: every activation, loss and update rule, written once
 * in @backprop/core) run as tfjs ops: each node of the expression becomes one tfjs op, inside one
 * `tf.tidy`, so a program's intermediates are freed and only its outputs survive.
 *
 * - A node read twice is computed once (memo by node identity, as core's printers do).
 * - Scalars fold on the host: a node whose operands are all params or literals (1 − β1, a
 *   `where` on alpha) is a plain number, and a `where` on numbers picks its branch before any
 *   tensor op; params never become source of anything, they are op arguments.
 * - `where(a, b, then, otherwise)` is `tf.where(tf.greater(a, b), then, otherwise)`: a select,
 *   so ∞ or NaN on the side not taken never leaks through.
 * - Row reductions are `tf.sum`/`tf.max` along axis 1 with keepDims, broadcast by the next op.
 * - A 'batchMean' output is Σ / rows as a [1,1] tensor, with constant factors and negations
 *   moved outside the sum (one multiply on the [1,1] sum instead of one over every element).
 *
 * tfjs has kernels for a few whole subexpressions; each tfjs op costs microseconds of dispatch
 * whatever its size, so on small networks the number of ops is the speed. These rewrites are
 * identities of the expression language, matched on its structure (not on activation names), and
 * mean exactly what the nodes they replace mean:
 * - `x > 0 ? x : 0` → `tf.relu(x)`; `x > 0 ? x : c·x` with a number 0 ≤ c ≤ 1 → `tf.leakyRelu(x, c)`;
 * - `x·x` → `tf.square(x)`;
 * - `E / rowSum(E)` with `E = exp(X − rowMax X)` → `tf.softmax(X)`;
 * - `S − log(rowSum(exp(S)))` with `S = X − rowMax X` → `tf.logSoftmax(X)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { applyBinary, applyUnary, type BinaryFn, type Expr, type Program, type UnaryFn } from '@backprop/core';

type T = tf.Tensor2D;
type Value = T | number;
type Node<K extends Expr['op']> = Extract<Expr, { op: K }>;

const UNARY: Readonly<Record<UnaryFn, (x: T) => T>> = {
  neg: (x) => tf.neg(x),
  exp: (x) => tf.exp(x),
  log: (x) => tf.log(x),
  sqrt: (x) => tf.sqrt(x),
  abs: (x) => tf.abs(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
};

/** tfjs broadcasts [r,1] against [r,c] and accepts plain numbers, as the expression language means. */
const BINARY: Readonly<Record<BinaryFn, (a: Value, b: Value) => T>> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  max: (a, b) => tf.maximum(a, b),
  min: (a, b) => tf.minimum(a, b),
  pow: (a, b) => tf.pow(a, b),
};

const isLit = (e: Expr, value: number): boolean => e.op === 'lit' && e.value === value;

/** X when `e` is X − rowMax(X). */
function shiftedByRowMax(e: Expr): Expr | undefined {
  return e.op === 'binary' && e.fn === 'sub' && e.b.op === 'rowReduce' && e.b.fn === 'rowMax' && e.b.x === e.a ? e.a : undefined;
}

/** X when `e` is E / rowSum(E) with E = exp(X − rowMax X): a softmax over the row. */
function softmaxOf(e: Node<'binary'>): Expr | undefined {
  if (e.fn !== 'div' || e.b.op !== 'rowReduce' || e.b.fn !== 'rowSum' || e.b.x !== e.a) return undefined;
  return e.a.op === 'unary' && e.a.fn === 'exp' ? shiftedByRowMax(e.a.x) : undefined;
}

/** X when `e` is S − log(rowSum(exp(S))) with S = X − rowMax X: a log-softmax over the row. */
function logSoftmaxOf(e: Node<'binary'>): Expr | undefined {
  if (e.fn !== 'sub' || e.b.op !== 'unary' || e.b.fn !== 'log') return undefined;
  const sum = e.b.x;
  if (sum.op !== 'rowReduce' || sum.fn !== 'rowSum' || sum.x.op !== 'unary' || sum.x.fn !== 'exp' || sum.x.x !== e.a) return undefined;
  return shiftedByRowMax(e.a);
}

/** Runs one program; tensors in, new tensors out (one per output, in order; [1,1] for 'batchMean'). */
export function runProgram(program: Program, inputs: readonly T[], params: readonly number[]): T[] {
  const [rows, cols] = inputs[0]!.shape;
  return tf.tidy(() => {
    const memo = new Map<Expr, Value>();

    const value = (e: Expr): Value => {
      let v = memo.get(e);
      if (v === undefined) memo.set(e, (v = compute(e)));
      return v;
    };

    const compute = (e: Expr): Value => {
      switch (e.op) {
        case 'lit':
          return e.value;
        case 'param':
          return params[program.params.indexOf(e.name)]!;
        case 'input':
          return inputs[program.inputs.indexOf(e.name)]!;
        case 'unary': {
          const x = value(e.x);
          return typeof x === 'number' ? applyUnary(e.fn, x) : UNARY[e.fn](x);
        }
        case 'binary':
          return binary(e);
        case 'where':
          return select(e);
        case 'rowReduce': {
          const x = value(e.x);
          const sum = e.fn === 'rowSum';
          if (typeof x === 'number') return sum ? x * cols : x;
          // Already one value per row (a reduction of a reduction): every column holds it.
          if (x.shape[1] === 1) return sum ? tf.mul(x, cols) : x;
          return sum ? tf.sum(x, 1, true) : tf.max(x, 1, true);
        }
      }
    };

    const binary = (e: Node<'binary'>): Value => {
      const softmax = softmaxOf(e);
      if (softmax) {
        const x = value(softmax);
        if (typeof x !== 'number') return tf.softmax(x);
      }
      const logSoftmax = logSoftmaxOf(e);
      if (logSoftmax) {
        const x = value(logSoftmax);
        if (typeof x !== 'number') return tf.logSoftmax(x);
      }
      const a = value(e.a);
      if (e.fn === 'mul' && e.b === e.a) return typeof a === 'number' ? a * a : tf.square(a);
      const b = value(e.b);
      if (typeof a === 'number' && typeof b === 'number') return applyBinary(e.fn, a, b);
      return BINARY[e.fn](a, b);
    };

    const select = (e: Node<'where'>): Value => {
      const a = value(e.a);
      const b = value(e.b);
      // Known on the host (a condition on alpha): only the branch taken is built.
      if (typeof a === 'number' && typeof b === 'number') return a > b ? value(e.then) : value(e.otherwise);
      if (typeof a !== 'number' && isLit(e.b, 0) && e.then === e.a) {
        if (isLit(e.otherwise, 0)) return tf.relu(a);
        const o = e.otherwise;
        if (o.op === 'binary' && o.fn === 'mul' && o.b === e.a) {
          const c = value(o.a);
          if (typeof c === 'number' && c >= 0 && c <= 1) return tf.leakyRelu(a, c);
        }
      }
      const condition = typeof a === 'number' ? tf.less(b, a) : tf.greater(a, b);
      const [then, otherwise] = [value(e.then), value(e.otherwise)];
      // tf.where broadcasts tensors; a number branch becomes one fill of the result's shape.
      const shape = tf.broadcast_util.assertAndGetBroadcastShape(
        condition.shape,
        tf.broadcast_util.assertAndGetBroadcastShape(typeof then === 'number' ? [1, 1] : then.shape, typeof otherwise === 'number' ? [1, 1] : otherwise.shape),
      ) as [number, number];
      const tensor = (v: Value): T => (typeof v === 'number' ? tf.fill<tf.Rank.R2>(shape, v) : v);
      return tf.where(condition, tensor(then), tensor(otherwise));
    };

    /** Σ over every element / rows, as [1,1]: constant factors and negations leave the sum. */
    const batchMean = (e: Expr): T => {
      let factor = 1;
      let rest = e;
      for (;;) {
        if (rest.op === 'unary' && rest.fn === 'neg') {
          factor = -factor;
          rest = rest.x;
          continue;
        }
        if (rest.op === 'binary' && rest.fn === 'mul') {
          const [a, b] = [value(rest.a), value(rest.b)];
          if (typeof a === 'number' && typeof b !== 'number') {
            factor *= a;
            rest = rest.b;
            continue;
          }
          if (typeof b === 'number' && typeof a !== 'number') {
            factor *= b;
            rest = rest.a;
            continue;
          }
        }
        break;
      }
      const v = value(rest);
      if (typeof v === 'number') return tf.fill<tf.Rank.R2>([1, 1], (factor * v * rows * cols) / rows);
      // A per-row (or constant) tensor stands for every element it is broadcast to.
      const copies = (rows / v.shape[0]) * (cols / v.shape[1]);
      const total = tf.sum<T>(v, undefined, true);
      const scale = (factor * copies) / rows;
      return scale === 1 ? total : tf.mul(total, scale);
    };

    const outputs: T[] = [];
    for (const output of program.outputs) {
      if (output.reduce) {
        outputs.push(batchMean(output.expr));
        continue;
      }
      const v = value(output.expr);
      let t: T = typeof v === 'number' ? tf.fill([rows, cols], v) : v.shape[0] !== rows || v.shape[1] !== cols ? tf.broadcastTo<tf.Rank.R2>(v, [rows, cols]) : v;
      // Every output is a new tensor that its handle owns alone (linear's forward is its input).
      if (inputs.includes(t) || outputs.includes(t)) t = tf.clone(t);
      outputs.push(t);
    }
    return outputs;
  });
}
