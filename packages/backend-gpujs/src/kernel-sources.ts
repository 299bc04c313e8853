/**
 * gpu.js kernel sources, as strings. Strings rather than functions because gpu.js transpiles a
 * function's own source text, and a TypeScript build or a test transformer may rewrite a
 * function's text in ways gpu.js cannot parse. Every shape is baked into the source as a literal:
 * a kernel is compiled per (operation, shape), so loop bounds are constants, which GLSL needs.
 *
 * A matrix is stored row-major with gpu.js output [cols, rows]: element (r, c) is `m[r][c]`,
 * and a thread's row is `this.thread.y`, its column `this.thread.x`.
 */
import type { Activation, BinaryOp, FusedActivationSpec, Loss, UnaryOp } from '@backprop/core';

/** The activations these kernels fuse; core runs every other kind on its reference (fusedKinds). */
export const GPUJS_FUSED_ACTIVATIONS = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const satisfies readonly Activation[];
export type GpujsActivationSpec = FusedActivationSpec<(typeof GPUJS_FUSED_ACTIVATIONS)[number]>;
/** The losses these kernels fuse; core runs every other loss on its reference (fusedKinds). */
export const GPUJS_FUSED_LOSSES = ['mse', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy'] as const satisfies readonly Loss[];
export type GpujsFusedLoss = (typeof GPUJS_FUSED_LOSSES)[number];

export interface Shape {
  readonly rows: number;
  readonly cols: number;
}

const ROW = 'this.thread.y';
const COL = 'this.thread.x';

/** The elementwise function of one argument, applied to the identifier `v`. */
export function unaryExpression(op: UnaryOp, v: string): string {
  switch (op) {
    case 'neg':
      return `(0 - ${v})`;
    case 'exp':
      return `Math.exp(${v})`;
    case 'log':
      return `Math.log(${v})`;
    case 'sqrt':
      return `Math.sqrt(${v})`;
    case 'square':
      return `(${v} * ${v})`;
    case 'abs':
      return `Math.abs(${v})`;
    case 'reciprocal':
      return `(1 / ${v})`;
    case 'relu':
      return `Math.max(${v}, 0)`;
    case 'step':
      return `(${v} > 0 ? 1 : 0)`;
    case 'sigmoid':
      // exp(−v) overflows to +∞ for very negative v, and 1/(1+∞) is the right limit, 0.
      return `(1 / (1 + Math.exp(0 - ${v})))`;
    case 'tanh':
      // GLSL ES 1.00 has no tanh; this form never overflows: e = exp(−2|v|) is in (0, 1].
      return `(Math.sign(${v}) * (1 - Math.exp(-2 * Math.abs(${v}))) / (1 + Math.exp(-2 * Math.abs(${v}))))`;
  }
}

/** The elementwise function of two arguments, applied to identifiers `x` and `y`. */
export function binaryExpression(op: BinaryOp, x: string, y: string): string {
  switch (op) {
    case 'add':
      return `(${x} + ${y})`;
    case 'sub':
      return `(${x} - ${y})`;
    case 'mul':
      return `(${x} * ${y})`;
    case 'div':
      return `(${x} / ${y})`;
    case 'max':
      return `Math.max(${x}, ${y})`;
    case 'min':
      return `Math.min(${x}, ${y})`;
    case 'greater':
      return `(${x} > ${y} ? 1 : 0)`;
  }
}

/** How a thread reads `name`, broadcast against an output of shape `out` (same shape, row, column or scalar). */
export function broadcastAccess(name: string, shape: Shape, out: Shape): string {
  const row = shape.rows === out.rows ? ROW : '0';
  const col = shape.cols === out.cols ? COL : '0';
  return `${name}[${row}][${col}]`;
}

const at = (name: string): string => `${name}[${ROW}][${COL}]`;

export function copySource(): string {
  return `function(a) { return ${at('a')}; }`;
}

export function fillSource(): string {
  return 'function(value) { return value; }';
}

export function unarySource(op: UnaryOp): string {
  return `function(a) { const v = ${at('a')}; return ${unaryExpression(op, 'v')}; }`;
}

export function binarySource(op: BinaryOp, a: Shape, b: Shape): string {
  return `function(a, b) { const x = ${at('a')}; const y = ${broadcastAccess('b', b, a)}; return ${binaryExpression(op, 'x', 'y')}; }`;
}

export function binaryScalarSource(op: BinaryOp): string {
  return `function(a, s) { const x = ${at('a')}; return ${binaryExpression(op, 'x', 's')}; }`;
}

/** reduce over rows (axis 0, output [1, cols]) or over columns (axis 1, output [rows, 1]). */
export function reduceSource(op: 'sum' | 'max', axis: 0 | 1, a: Shape): string {
  const n = axis === 0 ? a.rows : a.cols;
  const item = (k: string): string => (axis === 0 ? `a[${k}][${COL}]` : `a[${ROW}][${k}]`);
  if (op === 'sum') {
    return `function(a) { let s = 0; for (let k = 0; k < ${n}; k++) { s += ${item('k')}; } return s; }`;
  }
  return `function(a) { let m = ${item('0')}; for (let k = 1; k < ${n}; k++) { m = Math.max(m, ${item('k')}); } return m; }`;
}

/** The dot product of row `this.thread.y` of op(a) and column `this.thread.x` of op(b), as statements leaving it in `s`. */
function dotStatements(inner: number, transposeA: boolean, transposeB: boolean): string {
  const aItem = transposeA ? `a[k][${ROW}]` : `a[${ROW}][k]`;
  const bItem = transposeB ? `b[${COL}][k]` : `b[k][${COL}]`;
  return `let s = 0; for (let k = 0; k < ${inner}; k++) { s += ${aItem} * ${bItem}; }`;
}

export function matmulSource(inner: number, transposeA: boolean, transposeB: boolean): string {
  return `function(a, b) { ${dotStatements(inner, transposeA, transposeB)} return s; }`;
}

/** Z = X·W + b in one kernel: the dense layer's pre-activation with its bias. */
export function denseZSource(inner: number): string {
  return `function(a, b, bias) { ${dotStatements(inner, false, false)} return s + bias[0][${COL}]; }`;
}

/**
 * Statements that leave, for the current row of `z` (cols wide), its maximum in `rowMax` and
 * Σ exp(z − rowMax) in `rowSum`: what softmax and log-softmax need, shifted so exp never overflows.
 */
function rowSoftmaxStatements(z: string, cols: number, row: string): string {
  return (
    `let rowMax = ${z}[${row}][0]; for (let k = 1; k < ${cols}; k++) { rowMax = Math.max(rowMax, ${z}[${row}][k]); } ` +
    `let rowSum = 0; for (let k = 0; k < ${cols}; k++) { rowSum += Math.exp(${z}[${row}][k] - rowMax); }`
  );
}

/** A = f(Z) for one activation; leakyRelu's slope comes as the argument `alpha`. */
export function activationSource(spec: GpujsActivationSpec, z: Shape): string {
  if (spec.kind === 'softmax') {
    return `function(z, alpha) { ${rowSoftmaxStatements('z', z.cols, ROW)} return Math.exp(${at('z')} - rowMax) / rowSum; }`;
  }
  return `function(z, alpha) { const v = ${at('z')}; return ${activationExpression(spec.kind)}; }`;
}

function activationExpression(kind: Exclude<GpujsActivationSpec['kind'], 'softmax'>): string {
  switch (kind) {
    case 'relu':
      return unaryExpression('relu', 'v');
    case 'leakyRelu':
      // max(v, α·v), the reference's definition (equal to leakyRelu for 0 ≤ α ≤ 1).
      return 'Math.max(v, alpha * v)';
    case 'sigmoid':
      return unaryExpression('sigmoid', 'v');
    case 'tanh':
      return unaryExpression('tanh', 'v');
    case 'linear':
      return 'v';
  }
}

/**
 * Statements leaving dZ = dA ⊙ f'(Z) in `d`, where `dAt(row, col)` is how to read dA: the
 * derivative is written from A where that is cheaper (sigmoid, tanh), as the reference does.
 */
function activationBackwardStatements(kind: GpujsActivationSpec['kind'], cols: number, dAt: (row: string, col: string) => string): string {
  const dA = dAt(ROW, COL);
  switch (kind) {
    // Piecewise derivatives select rather than multiply: where f'(z) = 0 the result is 0 even
    // for an infinite dA (0·∞ is NaN in IEEE arithmetic; the cpu mode computes exactly that).
    case 'relu':
      return `const dv = ${dA}; let d = 0.0; if (${at('z')} > 0) { d = dv; }`;
    case 'leakyRelu':
      return `const dv = ${dA}; let d = 0.0; if (${at('z')} > 0) { d = dv; } else if (alpha > 0) { d = alpha * dv; }`;
    case 'sigmoid':
      return `const av = ${at('a')}; const d = ${dA} * av * (1 - av);`;
    case 'tanh':
      return `const av = ${at('a')}; const d = ${dA} * (1 - av * av);`;
    case 'linear':
      return `const d = ${dA};`;
    case 'softmax':
      // The softmax Jacobian applied to dA, row by row: a ⊙ (dA − Σ_j dA_j·a_j).
      return `let dot = 0; for (let k = 0; k < ${cols}; k++) { dot += ${dAt(ROW, 'k')} * a[${ROW}][k]; } const d = ${at('a')} * (${dA} - dot);`;
  }
}

export function activationBackwardSource(spec: GpujsActivationSpec, shape: Shape): string {
  const body = activationBackwardStatements(spec.kind, shape.cols, (r, c) => `dA[${r}][${c}]`);
  return `function(dA, z, a, alpha) { ${body} return d; }`;
}

/** The output layer's error E_L = dLoss/dZ under the mean-over-batch convention. */
export function outputErrorSource(loss: GpujsFusedLoss, spec: GpujsActivationSpec, shape: Shape): string {
  const batch = shape.rows;
  switch (loss) {
    case 'softmaxCrossEntropy':
    case 'sigmoidBinaryCrossEntropy':
      // The paired activation's derivative cancels: (A − Y)/batch.
      return `function(z, a, y, alpha) { return (${at('a')} - ${at('y')}) / ${batch}; }`;
    case 'mse': {
      // MSE: dA = (A − Y)/batch, then through the activation's derivative.
      const body = activationBackwardStatements(spec.kind, shape.cols, (r, c) => `((a[${r}][${c}] - y[${r}][${c}]) / ${batch})`);
      return `function(z, a, y, alpha) { ${body} return d; }`;
    }
  }
}

/** The batch loss as one value: the mean over rows of the per-row sum over outputs, in one thread. */
export function lossSource(loss: GpujsFusedLoss, shape: Shape): string {
  const { rows, cols } = shape;
  let perRow: string;
  switch (loss) {
    case 'mse':
      perRow = `for (let c = 0; c < ${cols}; c++) { const diff = a[r][c] - y[r][c]; rowLoss += 0.5 * diff * diff; }`;
      break;
    case 'softmaxCrossEntropy':
      // −Σ y·log softmax(z), with log softmax(z) = (z − max) − log Σ exp(z − max).
      perRow =
        `${rowSoftmaxStatements('z', cols, 'r')} const logSum = Math.log(rowSum); ` +
        `for (let c = 0; c < ${cols}; c++) { rowLoss += 0 - y[r][c] * ((z[r][c] - rowMax) - logSum); }`;
      break;
    case 'sigmoidBinaryCrossEntropy':
      // max(z, 0) − z·y + log(1 + exp(−|z|)): stable for any z.
      perRow =
        `for (let c = 0; c < ${cols}; c++) { const zv = z[r][c]; ` +
        `rowLoss += (Math.max(zv, 0) - zv * y[r][c]) + Math.log(1 + Math.exp(0 - Math.abs(zv))); }`;
      break;
  }
  return `function(z, a, y) { let total = 0; for (let r = 0; r < ${rows}; r++) { let rowLoss = 0; ${perRow} total += rowLoss; } return total / ${rows}; }`;
}

export function sgdSource(): string {
  return `function(w, g, lr) { return ${at('w')} - ${at('g')} * lr; }`;
}

/** v' = μ·v + G. */
export function momentumVelocitySource(): string {
  return `function(v, g, momentum) { return ${at('v')} * momentum + ${at('g')}; }`;
}

/** W' = W − lr·(μ·v + G), recomputing v' so that each output is one independent kernel. */
export function momentumWeightsSource(): string {
  return `function(w, v, g, lr, momentum) { const v2 = ${at('v')} * momentum + ${at('g')}; return ${at('w')} - v2 * lr; }`;
}

/** m' = β1·m + (1−β1)·G. */
export function adamFirstMomentSource(): string {
  return `function(m, g, beta1) { return ${at('m')} * beta1 + ${at('g')} * (1 - beta1); }`;
}

/** v' = β2·v + (1−β2)·G². */
export function adamSecondMomentSource(): string {
  return `function(v, g, beta2) { const gv = ${at('g')}; return ${at('v')} * beta2 + (gv * gv) * (1 - beta2); }`;
}

/** W' = W − lr·m̂/(√v̂ + ε), with m', v' recomputed and the bias corrections c1 = 1−β1^t, c2 = 1−β2^t. */
export function adamWeightsSource(): string {
  return (
    `function(w, m, v, g, lr, beta1, beta2, epsilon, c1, c2) { const gv = ${at('g')}; ` +
    `const m2 = ${at('m')} * beta1 + gv * (1 - beta1); const v2 = ${at('v')} * beta2 + (gv * gv) * (1 - beta2); ` +
    `const ratio = (m2 / c1) / (Math.sqrt(v2 / c2) + epsilon); return ${at('w')} - ratio * lr; }`
  );
}
