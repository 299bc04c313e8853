/**
 * A program: the unit a backend compiles into one kernel. Named outputs over named matrix inputs
 * (all of one shape, rows×cols) and named scalar params. An output is either a matrix of the
 * inputs' shape or, with `reduce: 'batchMean'`, one number: the sum over every element divided
 * by the number of rows (the batch convention of core's losses, backend.ts).
 *
 * Inputs and params are passed in the order of `inputs` and `params`, which list only what the
 * outputs really read: a program for sigmoid's derivative reads `e` and `a`, not `z`.
 */
import { namesRead, topologicalOrder, type Expr } from './expr.js';

export interface ProgramOutput {
  readonly name: string;
  readonly expr: Expr;
  /** Absent: an element per input element. 'batchMean': Σ over all elements / rows, a 1×1 result. */
  readonly reduce?: 'batchMean';
}

export interface Program {
  /** Stable and unique: what a backend caches its compiled kernel under ('activation.forward.gelu'). */
  readonly key: string;
  readonly inputs: readonly string[];
  readonly params: readonly string[];
  readonly outputs: readonly ProgramOutput[];
  /** Some output reads a row reduction (softmax): a kernel needs the whole row. */
  readonly rowWise: boolean;
}

/**
 * Builds a program, checking that its outputs read only the inputs and params allowed (in that
 * order, which becomes the argument order). A definition that names an unknown input is a bug in
 * core, so this throws a plain Error naming the program.
 */
export function defineProgram(key: string, outputs: readonly ProgramOutput[], allowed: { inputs: readonly string[]; params: readonly string[] }): Program {
  const read = namesRead(outputs.map((o) => o.expr));
  for (const name of read.inputs) if (!allowed.inputs.includes(name)) throw new Error(`program ${key}: reads input '${name}', allowed: ${allowed.inputs.join(', ')}`);
  for (const name of read.params) if (!allowed.params.includes(name)) throw new Error(`program ${key}: reads param '${name}', allowed: ${allowed.params.join(', ')}`);
  return Object.freeze({
    key,
    inputs: allowed.inputs.filter((n) => read.inputs.has(n)),
    params: allowed.params.filter((n) => read.params.has(n)),
    outputs: Object.freeze([...outputs]),
    rowWise: read.rowReductions,
  });
}

/** How many times each node is read (an output counts as one read): nodes read twice become locals. */
export function useCounts(roots: readonly Expr[]): Map<Expr, number> {
  const uses = new Map<Expr, number>();
  const bump = (e: Expr): void => void uses.set(e, (uses.get(e) ?? 0) + 1);
  for (const e of topologicalOrder(roots)) {
    switch (e.op) {
      case 'unary':
      case 'rowReduce':
        bump(e.x);
        break;
      case 'binary':
        bump(e.a);
        bump(e.b);
        break;
      case 'where':
        bump(e.a);
        bump(e.b);
        bump(e.then);
        bump(e.otherwise);
        break;
      case 'lit':
      case 'input':
      case 'param':
        break;
    }
  }
  for (const r of roots) bump(r);
  return uses;
}

/**
 * A copy of `e` with inputs replaced (`{ e: dLossdA / batch }`), sharing preserved: a node read
 * twice in `e` is one node in the result.
 */
export function substitute(e: Expr, replacements: Readonly<Record<string, Expr>>): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const hit = memo.get(x);
    if (hit) return hit;
    let out: Expr;
    switch (x.op) {
      case 'input':
        out = Object.hasOwn(replacements, x.name) ? replacements[x.name]! : x;
        break;
      case 'lit':
      case 'param':
        out = x;
        break;
      case 'unary':
        out = Object.freeze({ ...x, x: go(x.x) });
        break;
      case 'rowReduce':
        out = Object.freeze({ ...x, x: go(x.x) });
        break;
      case 'binary':
        out = Object.freeze({ ...x, a: go(x.a), b: go(x.b) });
        break;
      case 'where':
        out = Object.freeze({ ...x, a: go(x.a), b: go(x.b), then: go(x.then), otherwise: go(x.otherwise) });
        break;
    }
    memo.set(x, out);
    return out;
  };
  return go(e);
}
