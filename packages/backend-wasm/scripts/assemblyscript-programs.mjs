// Prints core's programs (activations, losses, update rules: `allPrograms()`) as AssemblyScript
// kernels, at build time. Core lowers each program (locals for shared nodes, row reductions
// hoisted into per-row loops); this file only says how a node is spelled in float32
// AssemblyScript (Mathf, a stable sigmoid, `select` for `where`) and, where every node has one,
// in 128-bit SIMD (f32x4). Parameters are function arguments, never spliced into the text.
//
// Every kernel has one calling convention, which src/program-kernels.ts follows:
//   name(start, end, cols, <inputs' pointers>, <element outputs' pointers>, <params as f32>) → f64
// over rows [start, end) of rows×cols matrices (byte pointers into linear memory). A program
// with a 'batchMean' output (at most one) returns Σ over its elements in float64 (the caller
// divides by rows); otherwise it returns 0. The dense-layer epilogue `dense$<kind>` adds a bias
// row to Z in place, then writes A = f(Z) row by row: arguments (start, end, cols, z, bias, a, params).
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, activationForwardProgram, allPrograms, lowerProgram } from '@backprop/core';

/** The export name of a program's kernel: its key with '.' spelled '$' (keys are identifiers joined by dots). */
export function exportName(key) {
  if (!/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(key)) throw new Error(`wasm build: program key '${key}' is not identifiers joined by dots`);
  return `program$${key.replaceAll('.', '$')}`;
}

/** The dense-layer epilogue's export name for an activation kind. */
export function denseExportName(kind) {
  return `dense$${kind}`;
}

/** An f32 literal that reads back as exactly `value` rounded to float32. */
function f32Literal(value) {
  if (value === Infinity) return '<f32>Infinity';
  if (value === -Infinity) return '<f32>(-Infinity)';
  if (Object.is(value, -0)) return '<f32>(-0.0)';
  const text = Number.isInteger(value) ? `${value}.0` : String(value);
  return value < 0 ? `<f32>(${text})` : `<f32>${text}`;
}

const SCALAR_UNARY = {
  neg: (x) => `(-${x})`,
  exp: (x) => `Mathf.exp(${x})`,
  log: (x) => `Mathf.log(${x})`,
  sqrt: (x) => `Mathf.sqrt(${x})`,
  abs: (x) => `Mathf.abs(${x})`,
  tanh: (x) => `Mathf.tanh(${x})`,
  // e^−x overflows for very negative x: the helper uses the form that cannot (elementwise.ts).
  sigmoid: (x) => `sigmoidScalar(${x})`,
};

const SCALAR_BINARY = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  max: (a, b) => `Mathf.max(${a}, ${b})`,
  min: (a, b) => `Mathf.min(${a}, ${b})`,
  pow: (a, b) => `Mathf.pow(${a}, ${b})`,
};

/** The SIMD spellings; a program using a function missing here runs the scalar loop. */
const VECTOR_UNARY = {
  neg: (x) => `f32x4.neg(${x})`,
  sqrt: (x) => `f32x4.sqrt(${x})`,
  abs: (x) => `f32x4.abs(${x})`,
};

const VECTOR_BINARY = {
  add: (a, b) => `f32x4.add(${a}, ${b})`,
  sub: (a, b) => `f32x4.sub(${a}, ${b})`,
  mul: (a, b) => `f32x4.mul(${a}, ${b})`,
  div: (a, b) => `f32x4.div(${a}, ${b})`,
  // f32x4.max/min propagate NaN and order −0 < +0 exactly as scalar f32.max/min (Mathf.max).
  max: (a, b) => `f32x4.max(${a}, ${b})`,
  min: (a, b) => `f32x4.min(${a}, ${b})`,
};

function spelled(table, fn, kind) {
  const f = table[fn];
  if (f === undefined) throw new Error(`wasm build: no ${kind} spelling for '${fn}'`);
  return f;
}

/**
 * The float32 scalar dialect (core's Dialect interface, lower.ts). In programs without row
 * reductions it also hoists loop-invariant work (a function of params and literals only, Adam's
 * 1 − β) into a local `h<n>` computed once per call; in row-wise programs core's lowering already
 * computes what depends only on row reductions once per row (log-softmax's `log Σ exp`). Such locals are flushed
 * before the next row reduction is declared (a reduction's loop may read them) and the rest by
 * `takeHoisted()` after the row statements.
 */
function scalarDialect(names, { hoisting }) {
  const invariant = new Set();
  let pending = [];
  let count = 0;
  const hoist = (text, operands) => {
    if (!hoisting || !operands.every((o) => invariant.has(o))) return text;
    const name = `h${count++}`;
    pending.push(`const ${name}: f32 = ${text};`);
    invariant.add(name);
    return name;
  };
  const flush = () => {
    const out = pending;
    pending = [];
    return out;
  };
  return {
    literal: (value) => {
      const text = f32Literal(value);
      invariant.add(text);
      return text;
    },
    param: (name) => {
      const text = names.param(name);
      invariant.add(text);
      return text;
    },
    input: (name) => `load<f32>(${names.input(name)} + k)`,
    rowElement: (name, column) => `load<f32>(${names.input(name)} + ro + (<usize>${column} << 2))`,
    unary: (fn, x) => hoist(spelled(SCALAR_UNARY, fn, 'AssemblyScript')(x), [x]),
    binary: (fn, a, b) => hoist(spelled(SCALAR_BINARY, fn, 'AssemblyScript')(a, b), [a, b]),
    // A select: both sides are computed and one is kept, so ∞ or NaN on the other side never leaks.
    where: (a, b, then, otherwise) => hoist(`select<f32>(${then}, ${otherwise}, ${a} > ${b})`, [a, b, then, otherwise]),
    let: (name, value) => `const ${name}: f32 = ${value};`,
    // Only row reductions declare mutable locals: each is invariant over its row once its loop ran.
    var: (name, value) => {
      invariant.add(name);
      return [...flush(), `let ${name}: f32 = ${value};`].join('\n');
    },
    assign: (name, value) => `${name} = ${value};`,
    rowLoop: (column, body) => [`for (let ${column}: i32 = 0; ${column} < cols; ${column}++) {`, ...body.map((s) => `  ${s}`), '}'],
    takeHoisted: flush,
  };
}

/** The f32x4 dialect: four elements at once; params are splatted once before the loop. */
function vectorDialect(names) {
  const unsupported = (what) => () => {
    throw new Error(`wasm build: ${what} has no SIMD spelling`);
  };
  return {
    literal: (value) => `f32x4.splat(${f32Literal(value)})`,
    param: (name) => `v${names.param(name)}`,
    input: (name) => `v128.load(${names.input(name)} + k)`,
    rowElement: unsupported('a row element'),
    unary: (fn, x) => spelled(VECTOR_UNARY, fn, 'SIMD')(x),
    binary: (fn, a, b) => spelled(VECTOR_BINARY, fn, 'SIMD')(a, b),
    where: (a, b, then, otherwise) => `v128.bitselect(${then}, ${otherwise}, f32x4.gt(${a}, ${b}))`,
    let: (name, value) => `const ${name}: v128 = ${value};`,
    var: unsupported('a mutable local'),
    assign: unsupported('an assignment'),
    rowLoop: unsupported('a row loop'),
  };
}

/** Whether every node of the program has a SIMD spelling (no row reductions, no transcendental functions). */
function vectorizable(program) {
  if (program.rowWise || program.outputs.some((o) => o.reduce)) return false;
  const seen = new Set();
  const ok = (e) => {
    if (seen.has(e)) return true;
    seen.add(e);
    switch (e.op) {
      case 'lit':
      case 'input':
      case 'param':
        return true;
      case 'unary':
        return e.fn in VECTOR_UNARY && ok(e.x);
      case 'binary':
        return e.fn in VECTOR_BINARY && ok(e.a) && ok(e.b);
      case 'where':
        return ok(e.a) && ok(e.b) && ok(e.then) && ok(e.otherwise);
      default:
        return false;
    }
  };
  return program.outputs.every((o) => ok(o.expr));
}

const indent = (lines, by) => lines.map((l) => `${' '.repeat(by)}${l}`);

/** The statements that compute and write one element (scalar) or four (vector) at byte offset k. */
function elementBody(program, dialect, prefix, store, accumulate) {
  const lowered = lowerProgram(program, dialect, prefix);
  const writes = program.outputs.map((o, i) => (o.reduce ? accumulate(lowered.outputs[i]) : store(i, lowered.outputs[i])));
  const hoisted = dialect.takeHoisted?.() ?? [];
  return { row: [...lowered.row.flatMap((line) => line.split('\n')), ...hoisted], element: [...lowered.element, ...writes] };
}

/**
 * One program as an exported AssemblyScript function. With `bias`, the kernel is the dense
 * layer's epilogue for an activation's forward program: Z += bias per row, then A = f(Z).
 */
function printKernel(program, name, { bias = false } = {}) {
  const reduced = program.outputs.filter((o) => o.reduce);
  if (reduced.length > 1) throw new Error(`wasm build: program ${program.key} has ${reduced.length} batchMean outputs; the kernels return one`);
  const inputs = program.inputs.map((n, i) => ({ name: n, arg: `i${i}` }));
  const params = program.params.map((n, i) => ({ name: n, arg: `p${i}` }));
  const outputArgs = program.outputs.map((o, i) => (o.reduce ? undefined : `o${i}`));
  const names = {
    input: (n) => inputs.find((x) => x.name === n).arg,
    param: (n) => params.find((x) => x.name === n).arg,
  };
  const args = [
    'start: i32',
    'end: i32',
    'cols: i32',
    ...inputs.map((x) => `${x.arg}: usize`),
    ...(bias ? ['bias: usize'] : []),
    ...outputArgs.filter((a) => a !== undefined).map((a) => `${a}: usize`),
    ...params.map((x) => `${x.arg}: f32`),
  ];
  const scalar = elementBody(
    program,
    // Core's lowering already computes a row-wise program's row-invariant nodes once per row.
    scalarDialect(names, { hoisting: !program.rowWise }),
    't',
    (i, value) => `store<f32>(${outputArgs[i]} + k, ${value});`,
    (value) => `sum += <f64>${value};`,
  );
  const simd = vectorizable(program);
  const vector = simd ? elementBody(program, vectorDialect(names), 'v', (i, value) => `v128.store(${outputArgs[i]} + k, ${value});`, () => '') : undefined;
  const splats = simd ? params.map((x) => `const v${x.arg} = f32x4.splat(${x.arg});`) : [];

  // Elements [from, to) of the flat range, four at a time where the program has SIMD spellings.
  const elementLoops = (from, to) => [
    `let e = ${from};`,
    ...(vector
      ? [`for (; e + 4 <= ${to}; e += 4) {`, '  const k = <usize>e << 2;', ...indent(vector.element, 2), '}']
      : []),
    `for (; e < ${to}; e++) {`,
    '  const k = <usize>e << 2;',
    ...indent(scalar.element, 2),
    '}',
  ];

  const body = [];
  if (reduced.length > 0) body.push('let sum: f64 = 0;');
  body.push(...splats);
  if (program.rowWise || bias) {
    // Row by row: the row statements (reductions) before the row's elements.
    body.push('for (let r = start; r < end; r++) {');
    body.push('  const ro = <usize>r * <usize>cols << 2;');
    if (bias) body.push('  addBiasRow(i0 + ro, bias, cols);');
    body.push(...indent(scalar.row, 2));
    body.push(...indent(elementLoops('r * cols', '(r + 1) * cols'), 2));
    body.push('}');
  } else {
    // No row reductions: the row statements are only hoisted functions of params and literals.
    body.push(...scalar.row);
    body.push('const to = end * cols;');
    body.push(...elementLoops('start * cols', 'to'));
  }
  body.push(reduced.length > 0 ? 'return sum;' : 'return 0;');
  const what = bias ? `the dense epilogue of ${program.key}` : program.key;
  return [`/** ${what}${simd ? ' (SIMD)' : ''} */`, `export function ${name}(${args.join(', ')}): f64 {`, ...indent(body, 2), '}'].join('\n');
}

/**
 * The generated AssemblyScript source: one kernel per program of `allPrograms()`, and a dense
 * epilogue per activation kind that is not the identity. Returns the source and the export
 * names by program key (for the build's log and for tests).
 */
export function printPrograms() {
  const programs = allPrograms();
  const kernels = [];
  const table = {};
  for (const program of programs) {
    const name = exportName(program.key);
    table[program.key] = name;
    kernels.push(printKernel(program, name));
  }
  for (const kind of ACTIVATIONS) {
    if (ACTIVATION_DEFINITIONS[kind].identity) continue;
    kernels.push(printKernel(activationForwardProgram(kind), denseExportName(kind), { bias: true }));
  }
  const header = [
    '// GENERATED by scripts/build-wasm.mjs from @backprop/core\'s programs (allPrograms()): do not edit.',
    '// Program key → export:',
    ...Object.entries(table).map(([key, name]) => `//   ${key} → ${name}`),
    "import { sigmoidScalar } from '../elementwise';",
    "import { addBiasRow } from '../dense';",
    '',
  ];
  return { source: `${header.join('\n')}\n${kernels.join('\n\n')}\n`, table, count: programs.length };
}
