/**
 * The expression language every elementwise formula is written in, once: an activation and its
 * derivative, a loss's per-element value and dLoss/dA, an optimizer's update. Core turns an
 * expression into primitive calls (the reference) and into JavaScript (the host path and
 * backend-js); each backend prints it in its own kernel language (GLSL through gpu.js, WGSL,
 * AssemblyScript at build time) or maps it onto its library's ops (tfjs). Models: jax-js's
 * `AluExp`, tinygrad's renderers.
 *
 * A node is a plain frozen object. Sharing a node object (using the same `const` twice) means
 * "compute once": printers bind a node used more than once to a local (common subexpressions by
 * identity), so definitions read like the math and generated code does no work twice.
 *
 * Values from users (alpha, a learning rate) are `param` nodes: arguments of the generated code,
 * never spliced into its text. `lit` is only for a formula's own constants (0.5, √(2/π)).
 */

/** Functions of one argument that every kernel language here has (or prints in a stable form). */
export type UnaryFn = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid';
/** Functions of two arguments. `pow` is for scalar schedules (Adam's β^t), not for kernels' hot loops. */
export type BinaryFn = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow';
/** Reductions over the columns of the current row, broadcast back to every element of the row. */
export type RowReduceFn = 'rowSum' | 'rowMax';

export const UNARY_FNS: readonly UnaryFn[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid'];
export const BINARY_FNS: readonly BinaryFn[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow'];

export type Expr =
  | { readonly op: 'lit'; readonly value: number }
  /** The current element of an input matrix (all inputs of a program have one shape). */
  | { readonly op: 'input'; readonly name: string }
  /** A scalar given at run time (alpha, lr, 1/batch). */
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'unary'; readonly fn: UnaryFn; readonly x: Expr }
  | { readonly op: 'binary'; readonly fn: BinaryFn; readonly a: Expr; readonly b: Expr }
  /** `a > b ? then : otherwise`: a select, so that ∞ or NaN on the side not taken never leaks through. */
  | { readonly op: 'where'; readonly a: Expr; readonly b: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly op: 'rowReduce'; readonly fn: RowReduceFn; readonly x: Expr };

type Operand = Expr | number;

function node<T extends Expr>(n: T): T {
  return Object.freeze(n);
}

/** A number as an expression: literals for the formula's own constants only (see the file comment). */
export function lit(value: number): Expr {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`expr: a literal must be a number, got ${String(value)}`);
  return node({ op: 'lit', value });
}

const of = (x: Operand): Expr => (typeof x === 'number' ? lit(x) : x);

export const input = (name: string): Expr => node({ op: 'input', name });
export const param = (name: string): Expr => node({ op: 'param', name });

const unary = (fn: UnaryFn) => (x: Operand): Expr => node({ op: 'unary', fn, x: of(x) });
const binary = (fn: BinaryFn) => (a: Operand, b: Operand): Expr => node({ op: 'binary', fn, a: of(a), b: of(b) });

export const neg = unary('neg');
export const exp = unary('exp');
export const log = unary('log');
export const sqrt = unary('sqrt');
export const abs = unary('abs');
export const tanh = unary('tanh');
/** 1 / (1 + e^−x); printers use a form that gives 0 and 1 at the ends, never NaN. */
export const sigmoid = unary('sigmoid');

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const max = binary('max');
export const min = binary('min');
export const pow = binary('pow');

/** `a > b ? then : otherwise`. */
export function where(a: Operand, b: Operand, then: Operand, otherwise: Operand): Expr {
  return node({ op: 'where', a: of(a), b: of(b), then: of(then), otherwise: of(otherwise) });
}

/** Σ over the current row's columns of x. */
export const rowSum = (x: Operand): Expr => node({ op: 'rowReduce', fn: 'rowSum', x: of(x) });
/** The maximum over the current row's columns of x. */
export const rowMax = (x: Operand): Expr => node({ op: 'rowReduce', fn: 'rowMax', x: of(x) });

/** Every distinct node of `roots`, each after the nodes it reads (a topological order by identity). */
export function topologicalOrder(roots: readonly Expr[]): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  const visit = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    for (const child of children(e)) visit(child);
    order.push(e);
  };
  for (const r of roots) visit(r);
  return order;
}

export function children(e: Expr): readonly Expr[] {
  switch (e.op) {
    case 'lit':
    case 'input':
    case 'param':
      return [];
    case 'unary':
    case 'rowReduce':
      return [e.x];
    case 'binary':
      return [e.a, e.b];
    case 'where':
      return [e.a, e.b, e.then, e.otherwise];
  }
}

/** The names of the inputs and params an expression reads. */
export function namesRead(roots: readonly Expr[]): { inputs: Set<string>; params: Set<string>; rowReductions: boolean } {
  const inputs = new Set<string>();
  const params = new Set<string>();
  let rowReductions = false;
  for (const e of topologicalOrder(roots)) {
    if (e.op === 'input') inputs.add(e.name);
    else if (e.op === 'param') params.add(e.name);
    else if (e.op === 'rowReduce') rowReductions = true;
  }
  return { inputs, params, rowReductions };
}

/** A readable rendering for messages, docs and tests: `(z > 0 ? e : 0)`. */
export function show(e: Expr): string {
  switch (e.op) {
    case 'lit':
      return String(e.value);
    case 'input':
    case 'param':
      return e.name;
    case 'unary':
      return e.fn === 'neg' ? `−${show(e.x)}` : `${e.fn}(${show(e.x)})`;
    case 'binary': {
      const sym = { add: '+', sub: '−', mul: '·', div: '/', max: '', min: '', pow: '^' }[e.fn];
      return sym ? `(${show(e.a)} ${sym} ${show(e.b)})` : `${e.fn}(${show(e.a)}, ${show(e.b)})`;
    }
    case 'where':
      return `(${show(e.a)} > ${show(e.b)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'rowReduce':
      return `${e.fn}(${show(e.x)})`;
  }
}
