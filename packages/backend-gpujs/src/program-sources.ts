/**
 * Core's programs (its expression language: every activation, loss and update rule, written once
 * in @backprop/core) printed as gpu.js kernel sources. gpu.js transpiles a JavaScript subset to
 * GLSL (and to WebAssembly or plain JS in its other modes), so this is a Dialect for that subset,
 * and core's `lowerProgram` does the structure: locals for shared nodes, row reductions hoisted
 * into one loop per row.
 *
 * What gpu.js and GLSL ES 1.00 need, and this keeps:
 * - every shape is a literal, so loop bounds are constants (a kernel is compiled per shape);
 * - params (alpha, lr, 1/batch…) are kernel ARGUMENTS `p0, p1, …`, never text: one compiled
 *   kernel serves every value;
 * - tanh has no GLSL ES 1.00 builtin: it is printed in a form that never overflows
 *   (kernel-sources.ts `unaryExpression`, shared with the `unary('tanh')` primitive);
 * - gpu.js kernels have one output: a program with several outputs is one kernel per output,
 *   each printed from that output alone (its shared nodes are recomputed, not read back).
 *
 * An element output is a kernel of the inputs' shape (thread (x, y) = column, row); a
 * 'batchMean' output is a 1×1 kernel whose one thread loops over every row and column and
 * returns Σ / rows, so a loss stays on the device: nothing is read back per step.
 */
import { expr, jsLiteral, lowerProgram, type Dialect, type Program, type ProgramOutput } from '@backprop/core';
import { binaryExpression, unaryExpression, type Shape } from './kernel-sources.js';

/** How the current element is addressed: by the thread (element kernels) or by loop variables (batchMean). */
interface Position {
  readonly row: string;
  readonly col: string;
}

const THREAD: Position = { row: 'this.thread.y', col: 'this.thread.x' };
const LOOP: Position = { row: 'r', col: 'c' };

/** gpu.js's JavaScript subset as a Dialect: inputs are `i<k>[row][col]`, params `p<k>`. */
function gpujsDialect(program: Program, at: Position, cols: number): Dialect {
  const inputName = (name: string): string => `i${program.inputs.indexOf(name)}`;
  return {
    literal: (value) => {
      // gpu.js has no Infinity in GLSL; a row maximum starts from float32's lowest value instead.
      if (value === -Infinity) return '(-3.4028234663852886e38)';
      if (value === Infinity) return '3.4028234663852886e38';
      return jsLiteral(value);
    },
    param: (name) => `p${program.params.indexOf(name)}`,
    input: (name) => `${inputName(name)}[${at.row}][${at.col}]`,
    rowElement: (name, column) => `${inputName(name)}[${at.row}][${column}]`,
    unary: (fn, x) => unaryExpression(fn, x),
    binary: (fn, a, b) => (fn === 'pow' ? `Math.pow(${a}, ${b})` : binaryExpression(fn, a, b)),
    where: (a, b, then, otherwise) => `(${a} > ${b} ? ${then} : ${otherwise})`,
    let: (name, value) => `const ${name} = ${value};`,
    var: (name, value) => `let ${name} = ${value};`,
    assign: (name, value) => `${name} = ${value};`,
    rowLoop: (column, body) => [`for (let ${column} = 0; ${column} < ${cols}; ${column}++) {`, ...body, '}'],
  };
}

/**
 * The arguments of the kernel for output `index`: the positions (in the program's order) of the
 * inputs and params that output reads. A kernel binds only those (an Adam moment's kernel takes
 * m, g and β1, not all four matrices and seven scalars): fewer textures and uniforms per launch.
 */
export function outputArguments(program: Program, index: number): { inputs: number[]; params: number[] } {
  const read = expr.namesRead([program.outputs[index]!.expr]);
  return {
    inputs: program.inputs.flatMap((name, k) => (read.inputs.has(name) ? [k] : [])),
    params: program.params.flatMap((name, k) => (read.params.has(name) ? [k] : [])),
  };
}

function parameterList(program: Program, index: number): string {
  const used = outputArguments(program, index);
  return [...used.inputs.map((k) => `i${k}`), ...used.params.map((k) => `p${k}`)].join(', ');
}

/** The program narrowed to one output: what one kernel computes. */
function onlyOutput(program: Program, output: ProgramOutput): Program {
  return { ...program, outputs: [output] };
}

/**
 * The gpu.js source of the kernel computing output `index` of `program` over inputs of `shape`:
 * `function(i0, …, p0, …) { … }` taking `outputArguments(program, index)`. Element outputs: one thread per element. 'batchMean': one
 * thread, Σ over every element / rows.
 */
export function programKernelSource(program: Program, index: number, shape: Shape): string {
  const output = program.outputs[index]!;
  const single = onlyOutput(program, output);
  const args = parameterList(program, index);
  if (!output.reduce) {
    const lowered = lowerProgram(single, gpujsDialect(program, THREAD, shape.cols));
    return [`function(${args}) {`, ...lowered.row, ...lowered.element, `return ${lowered.outputs[0]!};`, '}'].join('\n');
  }
  const lowered = lowerProgram(single, gpujsDialect(program, LOOP, shape.cols));
  return [
    `function(${args}) {`,
    'let total = 0;',
    `for (let r = 0; r < ${shape.rows}; r++) {`,
    ...lowered.row,
    `for (let c = 0; c < ${shape.cols}; c++) {`,
    ...lowered.element,
    `total += ${lowered.outputs[0]!};`,
    '}',
    '}',
    `return total / ${shape.rows};`,
    '}',
  ].join('\n');
}
