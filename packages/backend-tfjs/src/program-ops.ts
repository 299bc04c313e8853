/**
 * Core's programs (its expression language: every activation, loss and update rule, written once
 * in @backprop/core) run as tfjs ops: each node of the expression becomes one tfjs op, inside one
 * `tf.tidy`, so a program's intermediates are freed and only its outputs survive. A program is
 * compiled once (cached by its object) into a tree of closures: what is a tensor and what a
 * number, which rewrite applies and which node is read twice are decided then, not per call (a
 * training step of a small network makes a dozen calls, so per-call work shows in its speed).
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
import { applyBinary, applyUnary, expr, useCounts, type BinaryFn, type Expr, type Program, type UnaryFn } from '@backprop/core';

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

/** What one evaluation of a program sees: its tensors, its params, and the values of shared nodes. */
interface Env {
  readonly inputs: readonly T[];
  readonly params: readonly number[];
  readonly memo: (Value | undefined)[];
}

type Eval = (env: Env) => Value;
type TensorEval = (env: Env) => T;
type NumberEval = (env: Env) => number;

interface CompiledProgram {
  readonly outputs: readonly { readonly reduce: boolean; readonly run: Eval }[];
}

const compiledPrograms = new WeakMap<Program, CompiledProgram>();

/** Runs one program; tensors in, new tensors out (one per output, in order; [1,1] for 'batchMean'). */
export function runProgram(program: Program, inputs: readonly T[], params: readonly number[]): T[] {
  return tf.tidy(() => evaluateProgram(program, inputs, params));
}

/**
 * `runProgram` without its own `tf.tidy`, for a caller already inside one (denseForward: the
 * product, the bias and the activation in one scope; a scope costs about a microsecond).
 */
export function evaluateProgram(program: Program, inputs: readonly T[], params: readonly number[]): T[] {
  let plan = compiledPrograms.get(program);
  if (!plan) compiledPrograms.set(program, (plan = compileProgram(program)));
  const [rows, cols] = inputs[0]!.shape;
  const env: Env = { inputs, params, memo: [] };
  const outputs: T[] = [];
  for (const output of plan.outputs) {
    const v = output.run(env);
    let t: T = typeof v === 'number' ? tf.fill<tf.Rank.R2>(output.reduce ? [1, 1] : [rows, cols], v) : v;
    if (!output.reduce && (t.shape[0] !== rows || t.shape[1] !== cols)) t = tf.broadcastTo<tf.Rank.R2>(t, [rows, cols]);
    // Every output is a new tensor that its handle owns alone (linear's forward is its input).
    if (inputs.includes(t) || outputs.includes(t)) t = tf.clone(t);
    outputs.push(t);
  }
  return outputs;
}

function compileProgram(program: Program): CompiledProgram {
  const uses = useCounts(program.outputs.map((o) => o.expr));
  const compiled = new Map<Expr, Eval>();
  let slots = 0;
  /** Whether a node reads an input (a tensor) or only params and literals (a number): fixed by its structure. */
  const tensorValued = new Map<Expr, boolean>();
  const isTensor = (e: Expr): boolean => {
    let t = tensorValued.get(e);
    if (t === undefined) tensorValued.set(e, (t = expr.namesRead([e]).inputs.size > 0));
    return t;
  };

  const compile = (e: Expr): Eval => {
    let f = compiled.get(e);
    if (f) return f;
    const plain = compileNode(e);
    if ((uses.get(e) ?? 0) > 1) {
      // Read twice: computed once per call, kept in a slot.
      const slot = slots++;
      f = (env) => {
        let v = env.memo[slot];
        if (v === undefined) env.memo[slot] = v = plain(env);
        return v;
      };
    } else {
      f = plain;
    }
    compiled.set(e, f);
    return f;
  };
  const tensor = (e: Expr): TensorEval => compile(e) as TensorEval;
  const number = (e: Expr): NumberEval => compile(e) as NumberEval;

  const compileNode = (e: Expr): Eval => {
    switch (e.op) {
      case 'lit': {
        const v = e.value;
        return () => v;
      }
      case 'param': {
        const k = program.params.indexOf(e.name);
        return (env) => env.params[k]!;
      }
      case 'input': {
        const k = program.inputs.indexOf(e.name);
        return (env) => env.inputs[k]!;
      }
      case 'unary': {
        const fn = e.fn;
        if (!isTensor(e)) {
          const x = number(e.x);
          return (env) => applyUnary(fn, x(env));
        }
        const [x, op] = [tensor(e.x), UNARY[fn]];
        return (env) => op(x(env));
      }
      case 'binary':
        return compileBinary(e);
      case 'where':
        return compileWhere(e);
      case 'rowReduce': {
        const sum = e.fn === 'rowSum';
        if (!isTensor(e)) {
          const x = number(e.x);
          return sum ? (env) => x(env) * (env.inputs[0]!.shape[1] ?? 1) : x;
        }
        const x = tensor(e.x);
        return (env) => {
          const v = x(env);
          // Already one value per row (a reduction of a reduction): every column holds it.
          if (v.shape[1] === 1) return sum ? tf.mul(v, env.inputs[0]!.shape[1]) : v;
          return sum ? tf.sum(v, 1, true) : tf.max(v, 1, true);
        };
      }
    }
  };

  const compileBinary = (e: Node<'binary'>): Eval => {
    const fn = e.fn;
    if (!isTensor(e)) {
      const [a, b] = [number(e.a), number(e.b)];
      return (env) => applyBinary(fn, a(env), b(env));
    }
    const softmax = softmaxOf(e);
    if (softmax && isTensor(softmax)) {
      const x = tensor(softmax);
      return (env) => tf.softmax(x(env));
    }
    const logSoftmax = logSoftmaxOf(e);
    if (logSoftmax && isTensor(logSoftmax)) {
      const x = tensor(logSoftmax);
      return (env) => tf.logSoftmax(x(env));
    }
    if (fn === 'mul' && e.b === e.a) {
      const x = tensor(e.a);
      return (env) => tf.square(x(env));
    }
    const [a, b, op] = [compile(e.a), compile(e.b), BINARY[fn]];
    return (env) => op(a(env), b(env));
  };

  const compileWhere = (e: Node<'where'>): Eval => {
    const [then, otherwise] = [compile(e.then), compile(e.otherwise)];
    if (!isTensor(e.a) && !isTensor(e.b)) {
      // Known on the host (a condition on alpha): only the branch taken is built.
      const [a, b] = [number(e.a), number(e.b)];
      return (env) => (a(env) > b(env) ? then(env) : otherwise(env));
    }
    if (isTensor(e.a) && isLit(e.b, 0) && e.then === e.a) {
      const x = tensor(e.a);
      if (isLit(e.otherwise, 0)) return (env) => tf.relu(x(env));
      const o = e.otherwise;
      if (o.op === 'binary' && o.fn === 'mul' && o.b === e.a && !isTensor(o.a)) {
        const c = number(o.a);
        const generic = compileSelect(e, then, otherwise);
        return (env) => {
          const slope = c(env);
          return slope >= 0 && slope <= 1 ? tf.leakyRelu(x(env), slope) : generic(env);
        };
      }
    }
    return compileSelect(e, then, otherwise);
  };

  /**
   * tf.where on tf.greater; a number branch becomes a tensor of the result's shape: zerosLike of
   * the other branch for a 0 (one op with no upload: tfjs-node's fill uploads its shape and value),
   * else a fill.
   */
  const compileSelect = (e: Node<'where'>, then: Eval, otherwise: Eval): Eval => {
    const [a, b] = [compile(e.a), compile(e.b)];
    const aIsTensor = isTensor(e.a);
    return (env) => {
      const condition = aIsTensor ? tf.greater(a(env), b(env)) : tf.less(b(env), a(env));
      const [t, o] = [then(env), otherwise(env)];
      const shape = tf.broadcast_util.assertAndGetBroadcastShape(
        condition.shape,
        tf.broadcast_util.assertAndGetBroadcastShape(typeof t === 'number' ? [1, 1] : t.shape, typeof o === 'number' ? [1, 1] : o.shape),
      ) as [number, number];
      const full = (x: Value): x is T => typeof x !== 'number' && x.shape[0] === shape[0] && x.shape[1] === shape[1];
      const tensor = (v: Value, other: Value): T => {
        if (typeof v !== 'number') return v;
        return v === 0 && full(other) ? tf.zerosLike(other) : tf.fill<tf.Rank.R2>(shape, v);
      };
      return tf.where(condition, tensor(t, o), tensor(o, t));
    };
  };

  /** Σ over every element / rows, as [1,1]: constant factors and negations leave the sum. */
  const compileBatchMean = (e: Expr): Eval => {
    const factors: NumberEval[] = [];
    let sign = 1;
    let rest = e;
    for (;;) {
      if (rest.op === 'unary' && rest.fn === 'neg') {
        sign = -sign;
        rest = rest.x;
      } else if (rest.op === 'binary' && rest.fn === 'mul' && isTensor(rest) && !(isTensor(rest.a) && isTensor(rest.b))) {
        const [scalar, other] = isTensor(rest.a) ? [rest.b, rest.a] : [rest.a, rest.b];
        factors.push(number(scalar));
        rest = other;
      } else {
        break;
      }
    }
    const value = compile(rest);
    return (env) => {
      const [rows, cols] = env.inputs[0]!.shape;
      let factor = sign;
      for (const f of factors) factor *= f(env);
      const v = value(env);
      if (typeof v === 'number') return (factor * v * rows * cols) / rows;
      // A per-row (or constant) tensor stands for every element it is broadcast to.
      const scale = (factor * (rows / v.shape[0]) * (cols / v.shape[1])) / rows;
      const total = tf.sum<T>(v, undefined, true);
      return scale === 1 ? total : tf.mul(total, scale);
    };
  };

  return { outputs: program.outputs.map((o) => ({ reduce: o.reduce !== undefined, run: o.reduce ? compileBatchMean(o.expr) : compile(o.expr) })) };
}
