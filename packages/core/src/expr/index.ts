/** The expression language (expr.ts), programs (program.ts), lowering to a kernel language (lower.ts) and its JavaScript dialect. */
export * as expr from './expr.js';
export type { Expr, UnaryFn, BinaryFn, RowReduceFn } from './expr.js';
export { UNARY_FNS, BINARY_FNS, show as showExpr, topologicalOrder } from './expr.js';
export { defineProgram, substitute, useCounts, type Program, type ProgramOutput } from './program.js';
export { lowerProgram, type Dialect, type Lowered } from './lower.js';
export { compileJsKernel, jsBinary, jsDialect, jsKernelSource, jsLiteral, jsUnary, type JsKernel } from './js.js';
export { applyBinary, applyUnary, evaluateProgram, evaluateScalar, interpretJsKernel } from './evaluate.js';
export { runOnPrimitives } from './on-primitives.js';
