/**
 * Writes the source of one fused training step for a given small network: forward, output
 * error, backward, clipping, weight decay and the optimizer update, as plain loops whose sizes
 * are literals. V8 compiles such straight-line loops as well as hand-written code for one shape,
 * which is what a network of a few dozen multiply-adds needs (the article's 1-2-2 network trains
 * several times faster than through a generic loop nest).
 *
 * The math comes from the registries, one definition each, as the same programs every backend
 * compiles (programs.ts), printed with core's JavaScript dialect (expr/js.ts): activations and
 * their derivatives, the output error and loss, the update rules. Only validated integers and the
 * formulas' own constants go into the source: every floating-point hyperparameter is passed in at
 * run time (the `H` array), never formatted into the code.
 *
 * The generated function runs whole epochs, so that a batch of one sample costs no call, and a
 * tiny network's epoch costs no trip through fit (xor: four samples an epoch):
 *   epoch(rows, order, X, Y, bs, P, S, T, H, out) → the last epoch's mean loss, or NaN when a
 *   batch loss is not finite at the backend's precision (|loss| reaches H[6]; then out[0] = the
 *   1-based batch, out[1] = its loss, out[3] = the 0-based epoch of the call), where
 *   X, Y: all samples (row-major), bs: the batch size; order: the sample order of each epoch,
 *   H[H_EPOCHS] epochs (at least 1) one after another, `rows` entries each; out[4 + e] = the mean
 *   loss of epoch e of the call;
 *   P: [W0, b0, W1, b1, ...] the parameters' live storage (updated in place);
 *   S: [z0, a0, e0, dW0, db0, z1, ...] scratch of the backend's precision, then per layer
 *      [mask_l, out_l]: the dropout mask of the rows in `order` (row r of the call at r·units) and
 *      the masked output (empty for layers without dropout);
 *   T: [mW0, vW0, mb0, vb0, ...] optimizer state (velocity, or Adam's two moments);
 *   H: see the H_ constants below; t is the optimizer's step count before the epoch (Adam's bias
 *      corrections use it); out[2] = t after.
 * Names inside the source: per layer l `W<l> b<l> z<l> a<l> e<l> dW<l> db<l> mW<l> vW<l> mb<l> vb<l> alpha<l> M<l> o<l>`;
 * hyperparameters start with `h` so that they can never clash with them.
 */
import { ACTIVATION_DEFINITIONS, type Activation } from './activations/index.js';
import { jsDialect } from './expr/js.js';
import { lowerProgram } from './expr/lower.js';
import { defineProgram, type Program } from './expr/program.js';
import type { Loss } from './losses/index.js';
import { activationBackwardProgram, activationForwardProgram, outputErrorProgram, updateProgram } from './programs.js';
import { updateRule, type OptimizerKind } from './update-rules/index.js';

export interface StepShape {
  readonly inputs: number;
  readonly layers: readonly { readonly units: number; readonly activation: Activation; readonly dropout?: boolean }[];
  readonly loss: Loss;
  readonly optimizer: OptimizerKind;
  /** Coupled (L2) weight decay: G += λ·W for weights (H[H_WEIGHT_DECAY]). */
  readonly weightDecay?: boolean;
  /** Clip every gradient element to [−c, c] (H[H_CLIP_VALUE]). */
  readonly clipValue?: boolean;
  /** Scale all gradients by c / max(‖G‖, c), ‖G‖ over every parameter (H[H_CLIP_NORM]). */
  readonly clipNorm?: boolean;
}

export const H_LR = 0;
export const H_MOMENTUM = 1;
export const H_BETA1 = 2;
export const H_BETA2 = 3;
export const H_EPSILON = 4;
export const H_STEP = 5;
/** Smallest |loss| that is not finite at the backend's precision (float32: where Math.fround gives ±Infinity). */
export const H_LOSS_LIMIT = 6;
export const H_WEIGHT_DECAY = 7;
export const H_CLIP_VALUE = 8;
export const H_CLIP_NORM = 9;
/** Epochs the call runs (0 or 1: one). */
export const H_EPOCHS = 10;
/** alpha of layer l at H[H_ALPHA + l]. */
export const H_ALPHA = 11;

/** Where layer l's dropout mask and masked output sit in S, for a network of `layers` layers. */
export function maskSlot(layers: number, l: number): number {
  return 5 * layers + 2 * l;
}

/** Loops over at most this many units or inputs are unrolled: a 2-8-1 network's step is then straight-line code. */
export const UNROLL_MAX = 8;

/**
 * `body(i)` for i < count: unrolled with literal indices (each in its own block) when count is
 * at most UNROLL_MAX, else a loop over the variable `name`. The order of the iterations, and so
 * of every floating-point sum, is the same either way.
 */
function repeat(count: string, name: string, body: (i: string) => string): string {
  const n = Number(count);
  if (n <= UNROLL_MAX) return Array.from({ length: n }, (_, i) => `{ ${body(String(i))} }`).join(' ');
  return `for (let ${name} = 0; ${name} < ${count}; ${name}++) { ${body(name)} }`;
}

function int(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`host step: ${String(n)} is not a size`);
  return String(n);
}

/**
 * A program printed for `count` elements of one row (unrolled like `repeat`): its row statements
 * once (row reductions, e.g. softmax's maximum and sum), then for each element j its statements
 * and `write(outputs, j)`. `input(name, j)` says where element j of an input lives.
 */
function printProgram(
  program: Program,
  count: string,
  prefix: string,
  access: { param: (name: string) => string; input: (name: string, j: string) => string },
  write: (outputs: readonly string[], j: string) => string,
): string {
  const at = (j: string) =>
    lowerProgram(program, jsDialect({ param: access.param, input: (name) => access.input(name, j), rowElement: access.input, cols: count }), prefix);
  const row = program.rowWise ? at('0').row.join(' ') : '';
  return `${row} ${repeat(count, 'j', (j) => {
    const lowered = at(j);
    return [...lowered.element, write(lowered.outputs, j)].join(' ');
  })}`;
}

/** Where layer l's arrays are for row `ro`: z, a and e by name. */
function layerAccess(l: number): { param: (name: string) => string; input: (name: string, j: string) => string } {
  return { param: () => `alpha${l}`, input: (name, j) => `${name}${l}[ro + ${j}]` };
}

/** A = f(Z) over row `ro` of layer l with U units; with dropout, also o = A ⊙ mask. */
function activationSource(act: Activation, l: number, U: string, dropout: boolean): string {
  const masked = dropout ? repeat(U, 'j', (j) => `o${l}[ro + ${j}] = a${l}[ro + ${j}] * M${l}[mo + ${j}];`) : '';
  const forward = printProgram(activationForwardProgram(act), U, 'f', layerAccess(l), ([a], j) => `a${l}[ro + ${j}] = ${a!};`);
  return `${forward} ${masked}`;
}

/** e ← e ⊙ f'(Z) over row `ro` of layer l (a row-wise activation: the row's Jacobian product). */
function derivativeSource(act: Activation, l: number, U: string): string {
  if (ACTIVATION_DEFINITIONS[act].identity) return '';
  return printProgram(activationBackwardProgram(act), U, 'd', layerAccess(l), ([dZ], j) => `e${l}[ro + ${j}] = ${dZ!};`);
}

/** E_L and the summed per-row loss for row `ro` of the output layer L with U units. */
function outputSource(shape: StepShape, L: number, U: string): string {
  const program = outputErrorProgram(shape.loss, shape.layers[L]!.activation);
  const access = {
    param: (name: string) => (name === 'batch' ? 'n' : `alpha${L}`),
    input: (name: string, j: string) => (name === 'y' ? `Y[yo + ${j}]` : `${name}${L}[ro + ${j}]`),
  };
  return printProgram(program, U, 'o', access, ([error, loss], j) => `const oe = ${error!}; loss += ${loss!}; e${L}[ro + ${j}] = oe;`);
}

/** The hyperparameters' names in generated code (read from H, see H_*); per-step scalars are locals `h<name>`. */
const HOST_HYPER_NAMES: Readonly<Record<string, string>> = { lr: 'hLr', momentum: 'hMu', beta1: 'hB1', beta2: 'hB2', epsilon: 'hEps', t: 't' };
const hyperName = (name: string): string => HOST_HYPER_NAMES[name] ?? `h${name}`;

/** Statements computing the optimizer's per-step scalars (Adam's bias corrections) after t is incremented. */
function perStepSource(kind: OptimizerKind): string {
  return Object.entries(updateRule(kind).kernel.perStep)
    .map(([name, expr]) => {
      const scalar = defineProgram(`perStep.${kind}.${name}`, [{ name, expr }], { inputs: [], params: ['t', ...Object.keys(HOST_HYPER_NAMES)] });
      const lowered = lowerProgram(scalar, jsDialect({ param: hyperName, input: () => '', rowElement: () => '', cols: '0' }), `s${name}`);
      return `${lowered.element.join(' ')} const ${hyperName(name)} = ${lowered.outputs[0]!};`;
    })
    .join(' ');
}

/** The loop updating one parameter in place: `p`, its gradient `g`, its state arrays by slot. */
function updateSource(kind: OptimizerKind, p: string, g: string, slots: readonly string[], size: string, weight: boolean): string {
  const rule = updateRule(kind);
  const program = updateProgram(kind);
  const arrays: Record<string, string> = { p, g };
  rule.kernel.state.forEach((s, i) => (arrays[s.name] = slots[i]!));
  const lowered = lowerProgram(program, jsDialect({ param: hyperName, input: (name) => `${arrays[name]!}[i]`, rowElement: () => '', cols: '0' }), 'u');
  // Every new value is computed before any is stored: an output may read another's old value.
  const values = lowered.outputs.map((v, i) => `const n${i} = ${v};`).join(' ');
  const stores = program.outputs.map((o, i) => `${arrays[o.name]!}[i] = n${i};`).join(' ');
  // Decoupled decay (AdamW): W ← W·(1 − lr·λ) before the step, weights only.
  const decay = weight && rule.decay === 'decoupled' ? `for (let i = 0; i < ${size}; i++) ${p}[i] *= 1 - hLr * hWd;\n` : '';
  return `${decay}for (let i = 0; i < ${size}; i++) { ${lowered.element.join(' ')} ${values} ${stores} }`;
}

/** Gradient clipping and coupled weight decay, between the backward pass and the updates. */
function gradientAdjustSource(shape: StepShape, sizes: readonly { w: string; b: string }[]): string[] {
  const lines: string[] = [];
  const grads = sizes.flatMap((s, l) => [[`dW${l}`, s.w], [`db${l}`, s.b]] as const);
  if (shape.clipValue) {
    for (const [g, n] of grads) lines.push(`for (let i = 0; i < ${n}; i++) { const v = ${g}[i]; ${g}[i] = v > hClipV ? hClipV : v < -hClipV ? -hClipV : v; }`);
  }
  if (shape.clipNorm) {
    lines.push('{ let sq = 0;');
    for (const [g, n] of grads) lines.push(`for (let i = 0; i < ${n}; i++) sq += ${g}[i] * ${g}[i];`);
    lines.push('const norm = Math.sqrt(sq); if (norm > hClipN) { const sc = hClipN / norm;');
    for (const [g, n] of grads) lines.push(`for (let i = 0; i < ${n}; i++) ${g}[i] *= sc;`);
    lines.push('} }');
  }
  if (shape.weightDecay && updateRule(shape.optimizer).decay === 'coupled') {
    sizes.forEach((s, l) => lines.push(`for (let i = 0; i < ${s.w}; i++) dW${l}[i] += hWd * W${l}[i];`));
  }
  return lines;
}

export function hostStepSource(shape: StepShape): string {
  const L = shape.layers.length - 1;
  const lines: string[] = ['"use strict";'];
  lines.push('const hLr = H[0], hMu = H[1], hB1 = H[2], hB2 = H[3], hEps = H[4], hMax = H[6], hWd = H[7], hClipV = H[8], hClipN = H[9];');
  lines.push(`let t = H[5]; const epochs = H[${H_EPOCHS}] > 1 ? H[${H_EPOCHS}] : 1;`);
  shape.layers.forEach((_, l) => {
    lines.push(`const W${l} = P[${2 * l}], b${l} = P[${2 * l + 1}];`);
    lines.push(`const z${l} = S[${5 * l}], a${l} = S[${5 * l + 1}], e${l} = S[${5 * l + 2}], dW${l} = S[${5 * l + 3}], db${l} = S[${5 * l + 4}];`);
    lines.push(`const M${l} = S[${maskSlot(shape.layers.length, l)}], o${l} = S[${maskSlot(shape.layers.length, l) + 1}];`);
    lines.push(`const mW${l} = T[${4 * l}], vW${l} = T[${4 * l + 1}], mb${l} = T[${4 * l + 2}], vb${l} = T[${4 * l + 3}];`);
    lines.push(`const alpha${l} = H[${H_ALPHA + l}];`);
  });
  lines.push('for (let ep = 0, oo = 0; ep < epochs; ep++, oo += rows) { let total = 0;');
  lines.push('for (let start = 0, batch = 1; start < rows; start += bs, batch++) {');
  lines.push('const n = rows - start < bs ? rows - start : bs, invN = 1 / n; let loss = 0; t++;');
  lines.push(perStepSource(shape.optimizer));
  /** The array a layer hands to the next one (its masked output under dropout). */
  const outputOf = (l: number): string => (shape.layers[l]!.dropout ? `o${l}` : `a${l}`);
  // Forward, row by row: Z = A_prev·W + b, A = f(Z), and under dropout O = A ⊙ mask.
  let inputs = int(shape.inputs);
  shape.layers.forEach((layer, l) => {
    const U = int(layer.units);
    const input = l === 0 ? 'X' : outputOf(l - 1);
    const rowStart = l === 0 ? `order[oo + start + r] * ${inputs}` : `r * ${inputs}`;
    const dropout = layer.dropout === true;
    lines.push(`for (let r = 0; r < n; r++) { const ri = ${rowStart}, ro = r * ${U}${dropout ? `, mo = (start + r) * ${U}` : ''};
      ${repeat(U, 'j', (j) => `let s = b${l}[${j}]; ${repeat(inputs, 'k', (k) => `s += ${input}[ri + ${k}] * W${l}[${k} * ${U} + ${j}];`)} z${l}[ro + ${j}] = s;`)}
      ${activationSource(layer.activation, l, U, dropout)} }`);
    inputs = U;
  });
  // Output error and loss.
  const UL = int(shape.layers[L]!.units);
  lines.push(`for (let r = 0; r < n; r++) { const ro = r * ${UL}, yo = order[oo + start + r] * ${UL}; ${outputSource(shape, L, UL)} }`);
  // Backward: dW = O_prevᵀ·E, db = Σ_rows E (row 0 assigns, later rows add), E_below = (E·Wᵀ ⊙ mask) ⊙ f'(Z_below).
  const sizes: { w: string; b: string }[] = [];
  for (let l = L; l >= 0; l--) {
    const U = int(shape.layers[l]!.units);
    const I = l === 0 ? int(shape.inputs) : int(shape.layers[l - 1]!.units);
    sizes[l] = { w: String(Number(I) * Number(U)), b: U };
    const input = l === 0 ? 'X' : outputOf(l - 1);
    const row0 = l === 0 ? `order[oo + start] * ${I}` : '0';
    const rowR = l === 0 ? `order[oo + start + r] * ${I}` : `r * ${I}`;
    lines.push(`{ const ri0 = ${row0}; ${repeat(U, 'j', (j) => `db${l}[${j}] = e${l}[${j}];`)}
      ${repeat(I, 'k', (k) => `const v = ${input}[ri0 + ${k}]; ${repeat(U, 'j', (j) => `dW${l}[${k} * ${U} + ${j}] = v * e${l}[${j}];`)}`)} }
      for (let r = 1; r < n; r++) { const ri = ${rowR}, ro = r * ${U};
        ${repeat(U, 'j', (j) => `db${l}[${j}] += e${l}[ro + ${j}];`)}
        ${repeat(I, 'k', (k) => `const v = ${input}[ri + ${k}]; ${repeat(U, 'j', (j) => `dW${l}[${k} * ${U} + ${j}] += v * e${l}[ro + ${j}];`)}`)} }`);
    if (l > 0) {
      const below = shape.layers[l - 1]!;
      const mask = (k: string): string => (below.dropout ? ` * M${l - 1}[mo + ${k}]` : '');
      lines.push(`for (let r = 0; r < n; r++) { const ro = r * ${I}, re = r * ${U}${below.dropout ? `, mo = (start + r) * ${I}` : ''};
        ${repeat(I, 'k', (k) => `let s = 0; ${repeat(U, 'j', (j) => `s += e${l}[re + ${j}] * W${l}[${k} * ${U} + ${j}];`)} e${l - 1}[ro + ${k}] = s${mask(k)};`)}
        ${derivativeSource(below.activation, l - 1, I)} }`);
    }
  }
  lines.push(...gradientAdjustSource(shape, sizes));
  // Update every parameter in place.
  shape.layers.forEach((_, l) => {
    lines.push(updateSource(shape.optimizer, `W${l}`, `dW${l}`, [`mW${l}`, `vW${l}`], sizes[l]!.w, true));
    lines.push(updateSource(shape.optimizer, `b${l}`, `db${l}`, [`mb${l}`, `vb${l}`], sizes[l]!.b, false));
  });
  lines.push('loss *= invN;');
  // The loss is summed in double here, but the per-operation path stores it at the backend's
  // precision: refuse what that would round to ±Infinity (and NaN, which fails both tests).
  lines.push('if (!(loss < hMax && loss > -hMax)) { out[0] = batch; out[1] = loss; out[2] = t; out[3] = ep; return NaN; }');
  lines.push('total += loss * n; }');
  lines.push('out[4 + ep] = total / rows; }');
  lines.push('out[2] = t; return out[3 + epochs];');
  return lines.join('\n');
}
