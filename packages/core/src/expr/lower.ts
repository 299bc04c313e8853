/**
 * Lowering: a program's expression DAG to statements of some kernel language, given a Dialect
 * (the table that prints each node, as a tinygrad renderer does). Core does the structure once —
 * locals for nodes read twice, row reductions hoisted into loops run once per row before the
 * element statements — and each language supplies only how a node is spelled.
 *
 * A kernel then runs, for each row: the `row` statements (which define the row reductions'
 * locals), and for each element of the row: the `element` statements, after which `outputs[i]`
 * (an expression, usually a local's name) is output i's value for that element.
 */
import type { BinaryFn, Expr, UnaryFn } from './expr.js';
import { children as childrenOf } from './expr.js';
import { useCounts, type Program } from './program.js';

export interface Dialect {
  /** One of the formula's own constants (finite, or ±Infinity for a max's start). */
  literal(value: number): string;
  param(name: string): string;
  /** The current element of input `name`. */
  input(name: string): string;
  /** Element `column` (a loop variable's name) of the current row of input `name`. */
  rowElement(name: string, column: string): string;
  unary(fn: UnaryFn, x: string): string;
  binary(fn: BinaryFn, a: string, b: string): string;
  /** `a > b ? then : otherwise` as a select. */
  where(a: string, b: string, then: string, otherwise: string): string;
  /** Declares an immutable local. */
  let(name: string, value: string): string;
  /** Declares a mutable local. */
  var(name: string, value: string): string;
  assign(name: string, value: string): string;
  /** A loop over the current row's columns with index variable `column` around `body`. */
  rowLoop(column: string, body: readonly string[]): string[];
}

export interface Lowered {
  /** Statements run once per row, before its elements: the row reductions and what depends only on them (empty unless the program is row-wise). */
  readonly row: string[];
  /** Statements run for each element. */
  readonly element: string[];
  /** Each output's value for the current element, in the program's output order. */
  readonly outputs: string[];
}

/** Lowers `program` with `dialect`; locals are named `${prefix}0`, `${prefix}1`, … */
export function lowerProgram(program: Program, dialect: Dialect, prefix = 't'): Lowered {
  const roots = program.outputs.map((o) => o.expr);
  const uses = useCounts(roots);
  let counter = 0;
  const fresh = (): string => `${prefix}${counter++}`;
  const row: string[] = [];
  const reductions = new Map<Expr, string>();
  /** Locals computed once per row: nodes that read inputs only through row reductions. */
  const rowMemo = new Map<Expr, string>();
  const perElement = new Map<Expr, boolean>();
  /** Whether e reads an input outside any row reduction (so it changes from element to element). */
  const readsElement = (e: Expr): boolean => {
    const hit = perElement.get(e);
    if (hit !== undefined) return hit;
    const v = e.op === 'input' ? true : e.op === 'rowReduce' || e.op === 'lit' || e.op === 'param' ? false : childrenOf(e).some(readsElement);
    perElement.set(e, v);
    return v;
  };

  const gen = (e: Expr, column: string | undefined, out: string[], memo: Map<Expr, string>): string => {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    // In a row-wise program, a computed node that is the same for the whole row (log Σ exp of
    // log-softmax) is computed once per row, before the elements, whatever the backend. (Other
    // programs keep such nodes per element: every kernel compiler hoists loop invariants itself.)
    if (program.rowWise && column === undefined && row !== out && (e.op === 'unary' || e.op === 'binary' || e.op === 'where') && !readsElement(e)) {
      const have = rowMemo.get(e);
      if (have !== undefined) return have;
      const name = fresh();
      const value = gen(e, undefined, row, rowMemo);
      row.push(dialect.let(name, value));
      rowMemo.set(e, name);
      return name;
    }
    let text: string;
    switch (e.op) {
      case 'lit':
        return dialect.literal(e.value);
      case 'param':
        return dialect.param(e.name);
      case 'rowReduce':
        return reduction(e);
      case 'input':
        text = column === undefined ? dialect.input(e.name) : dialect.rowElement(e.name, column);
        break;
      case 'unary':
        text = dialect.unary(e.fn, gen(e.x, column, out, memo));
        break;
      case 'binary':
        text = dialect.binary(e.fn, gen(e.a, column, out, memo), gen(e.b, column, out, memo));
        break;
      case 'where':
        text = dialect.where(gen(e.a, column, out, memo), gen(e.b, column, out, memo), gen(e.then, column, out, memo), gen(e.otherwise, column, out, memo));
        break;
    }
    if ((uses.get(e) ?? 0) > 1) {
      const name = fresh();
      out.push(dialect.let(name, text));
      memo.set(e, name);
      return name;
    }
    return text;
  };

  const reduction = (e: Extract<Expr, { op: 'rowReduce' }>): string => {
    const have = reductions.get(e);
    if (have !== undefined) return have;
    const column = fresh();
    const body: string[] = [];
    // Nested reductions inside e.x are pushed to `row` by this call, before this one's loop.
    const value = gen(e.x, column, body, new Map());
    const acc = fresh();
    const sum = e.fn === 'rowSum';
    row.push(dialect.var(acc, dialect.literal(sum ? 0 : -Infinity)));
    row.push(...dialect.rowLoop(column, [...body, dialect.assign(acc, dialect.binary(sum ? 'add' : 'max', acc, value))]));
    reductions.set(e, acc);
    return acc;
  };

  const element: string[] = [];
  const memo = new Map<Expr, string>();
  const outputs = roots.map((r) => gen(r, undefined, element, memo));
  return { row, element, outputs };
}
