/**
 * Writes the source of one fused training step for a given small network: forward, output
 * error, backward and the optimizer update, as plain loops whose sizes are literals. V8 compiles
 * such straight-line loops as well as hand-written code for one shape, which is what a network
 * of a few dozen multiply-adds needs (the article's 1-2-2 network trains several times faster
 * than through a generic loop nest).
 *
 * Only validated integers and fixed snippets go into the source: sizes come from the network,
 * activations and losses pick among the snippets below, and every floating-point
 * hyperparameter is passed in at run time (the `H` array), never formatted into the code.
 *
 * The generated function runs a whole epoch, so that a batch of one sample costs no call:
 *   epoch(rows, order, X, Y, bs, P, S, T, H, out) → mean loss over the epoch, or NaN when a batch
 *   loss is not finite (then out[0] = the 1-based batch, out[1] = its loss), where
 *   X, Y: all samples (row-major), order: the sample order, bs: the batch size;
 *   P: [W0, b0, W1, b1, ...] the parameters' live storage (updated in place);
 *   S: [z0, a0, e0, dW0, db0, z1, ...] scratch of the backend's precision;
 *   T: [mW0, vW0, mb0, vb0, ...] optimizer state (velocity, or Adam's two moments);
 *   H: [lr, momentum, beta1, beta2, epsilon, t, (unused), alpha0, alpha1, ...] where t is the
 *      optimizer's step count before the epoch (Adam's bias corrections use it); out[2] = t after.
 * Names inside the source: per layer l `W<l> b<l> z<l> a<l> e<l> dW<l> db<l> mW<l> vW<l> mb<l> vb<l> alpha<l>`;
 * hyperparameters start with `h` so that they can never clash with them.
 */
import type { Activation } from './backend.js';
import type { ResolvedOptimizer } from './optimizers.js';

export interface StepShape {
  readonly inputs: number;
  readonly layers: readonly { readonly units: number; readonly activation: Activation }[];
  readonly loss: 'mse' | 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy';
  readonly optimizer: ResolvedOptimizer['kind'];
}

export const H_LR = 0;
export const H_MOMENTUM = 1;
export const H_BETA1 = 2;
export const H_BETA2 = 3;
export const H_EPSILON = 4;
export const H_STEP = 5;
export const H_ALPHA = 7;

function int(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`host step: ${String(n)} is not a size`);
  return String(n);
}

/** A = f(Z) over row `ro` of a layer with U units. */
function activationSource(act: Activation, l: number, U: string): string {
  const z = `z${l}`;
  const a = `a${l}`;
  switch (act) {
    case 'relu':
      return `for (let j = 0; j < ${U}; j++) { const v = ${z}[ro + j]; ${a}[ro + j] = v > 0 ? v : 0; }`;
    case 'leakyRelu':
      return `for (let j = 0; j < ${U}; j++) { const v = ${z}[ro + j]; ${a}[ro + j] = v > 0 ? v : alpha${l} * v; }`;
    case 'sigmoid':
      return `for (let j = 0; j < ${U}; j++) ${a}[ro + j] = 1 / (1 + Math.exp(-${z}[ro + j]));`;
    case 'tanh':
      return `for (let j = 0; j < ${U}; j++) ${a}[ro + j] = Math.tanh(${z}[ro + j]);`;
    case 'linear':
      return `for (let j = 0; j < ${U}; j++) ${a}[ro + j] = ${z}[ro + j];`;
    case 'softmax':
      return `{ let mx = -Infinity; for (let j = 0; j < ${U}; j++) if (${z}[ro + j] > mx) mx = ${z}[ro + j];
        let sm = 0; for (let j = 0; j < ${U}; j++) sm += Math.exp(${z}[ro + j] - mx);
        for (let j = 0; j < ${U}; j++) ${a}[ro + j] = Math.exp(${z}[ro + j] - mx) / sm; }`;
  }
}

/** e ← e ⊙ f'(Z) over row `ro` of layer l (softmax: the row's Jacobian product). */
function derivativeSource(act: Activation, l: number, U: string): string {
  const z = `z${l}`;
  const a = `a${l}`;
  const e = `e${l}`;
  switch (act) {
    case 'relu':
      return `for (let j = 0; j < ${U}; j++) if (!(${z}[ro + j] > 0)) ${e}[ro + j] = 0;`;
    case 'leakyRelu':
      return `for (let j = 0; j < ${U}; j++) if (!(${z}[ro + j] > 0)) ${e}[ro + j] *= alpha${l};`;
    case 'sigmoid':
      return `for (let j = 0; j < ${U}; j++) { const v = ${a}[ro + j]; ${e}[ro + j] *= v * (1 - v); }`;
    case 'tanh':
      return `for (let j = 0; j < ${U}; j++) { const v = ${a}[ro + j]; ${e}[ro + j] *= 1 - v * v; }`;
    case 'linear':
      return '';
    case 'softmax':
      return `{ let dot = 0; for (let j = 0; j < ${U}; j++) dot += ${e}[ro + j] * ${a}[ro + j];
        for (let j = 0; j < ${U}; j++) ${e}[ro + j] = ${a}[ro + j] * (${e}[ro + j] - dot); }`;
  }
}

/** E_L and the summed per-row loss for row `ro` of the output layer L with U units. */
function outputSource(shape: StepShape, L: number, U: string): string {
  const [z, a, e] = [`z${L}`, `a${L}`, `e${L}`];
  const out = shape.layers[L]!.activation;
  if (shape.loss === 'mse') {
    return `for (let j = 0; j < ${U}; j++) { const d = ${a}[ro + j] - Y[yo + j]; loss += 0.5 * d * d; ${e}[ro + j] = d * invN; }
      ${derivativeSource(out, L, U)}`;
  }
  if (shape.loss === 'softmaxCrossEntropy') {
    return `{ let mx = -Infinity; for (let j = 0; j < ${U}; j++) if (${z}[ro + j] > mx) mx = ${z}[ro + j];
      let sm = 0; for (let j = 0; j < ${U}; j++) sm += Math.exp(${z}[ro + j] - mx);
      const ls = Math.log(sm);
      for (let j = 0; j < ${U}; j++) { loss -= Y[yo + j] * (${z}[ro + j] - mx - ls); ${e}[ro + j] = (${a}[ro + j] - Y[yo + j]) * invN; } }`;
  }
  return `for (let j = 0; j < ${U}; j++) { const v = ${z}[ro + j];
      loss += (v > 0 ? v : 0) - v * Y[yo + j] + Math.log(1 + Math.exp(-Math.abs(v)));
      ${e}[ro + j] = (${a}[ro + j] - Y[yo + j]) * invN; }`;
}

function updateSource(kind: ResolvedOptimizer['kind'], p: string, g: string, m: string, v: string, size: string): string {
  if (kind === 'sgd') return `for (let i = 0; i < ${size}; i++) ${p}[i] -= hLr * ${g}[i];`;
  if (kind === 'momentum') return `for (let i = 0; i < ${size}; i++) { const u = hMu * ${m}[i] + ${g}[i]; ${m}[i] = u; ${p}[i] -= hLr * u; }`;
  return `for (let i = 0; i < ${size}; i++) { const gi = ${g}[i];
      const mi = hB1 * ${m}[i] + (1 - hB1) * gi; const vi = hB2 * ${v}[i] + (1 - hB2) * gi * gi;
      ${m}[i] = mi; ${v}[i] = vi; ${p}[i] -= (hLr * (mi / hC1)) / (Math.sqrt(vi / hC2) + hEps); }`;
}

export function hostStepSource(shape: StepShape): string {
  const L = shape.layers.length - 1;
  const lines: string[] = ['"use strict";'];
  lines.push('const hLr = H[0], hMu = H[1], hB1 = H[2], hB2 = H[3], hEps = H[4];');
  lines.push('let t = H[5], total = 0;');
  shape.layers.forEach((_, l) => {
    lines.push(`const W${l} = P[${2 * l}], b${l} = P[${2 * l + 1}];`);
    lines.push(`const z${l} = S[${5 * l}], a${l} = S[${5 * l + 1}], e${l} = S[${5 * l + 2}], dW${l} = S[${5 * l + 3}], db${l} = S[${5 * l + 4}];`);
    lines.push(`const mW${l} = T[${4 * l}], vW${l} = T[${4 * l + 1}], mb${l} = T[${4 * l + 2}], vb${l} = T[${4 * l + 3}];`);
    lines.push(`const alpha${l} = H[${H_ALPHA + l}];`);
  });
  lines.push('for (let start = 0, batch = 1; start < rows; start += bs, batch++) {');
  lines.push('const n = rows - start < bs ? rows - start : bs, invN = 1 / n; let loss = 0; t++;');
  if (shape.optimizer === 'adam') lines.push('const hC1 = 1 - Math.pow(hB1, t), hC2 = 1 - Math.pow(hB2, t);');
  // Forward, row by row: Z = A_prev·W + b, A = f(Z).
  let inputs = int(shape.inputs);
  shape.layers.forEach((layer, l) => {
    const U = int(layer.units);
    const input = l === 0 ? 'X' : `a${l - 1}`;
    const rowStart = l === 0 ? `order[start + r] * ${inputs}` : `r * ${inputs}`;
    lines.push(`for (let r = 0; r < n; r++) { const ri = ${rowStart}, ro = r * ${U};
      for (let j = 0; j < ${U}; j++) { let s = b${l}[j]; for (let k = 0; k < ${inputs}; k++) s += ${input}[ri + k] * W${l}[k * ${U} + j]; z${l}[ro + j] = s; }
      ${activationSource(layer.activation, l, U)} }`);
    inputs = U;
  });
  // Output error and loss.
  const UL = int(shape.layers[L]!.units);
  lines.push(`for (let r = 0; r < n; r++) { const ro = r * ${UL}, yo = order[start + r] * ${UL}; ${outputSource(shape, L, UL)} }`);
  // Backward: dW = A_prevᵀ·E, db = Σ_rows E (row 0 assigns, later rows add), E_below = (E·Wᵀ) ⊙ f'(Z_below).
  for (let l = L; l >= 0; l--) {
    const U = int(shape.layers[l]!.units);
    const I = l === 0 ? int(shape.inputs) : int(shape.layers[l - 1]!.units);
    const input = l === 0 ? 'X' : `a${l - 1}`;
    const row0 = l === 0 ? `order[start] * ${I}` : '0';
    const rowR = l === 0 ? `order[start + r] * ${I}` : `r * ${I}`;
    lines.push(`{ const ri0 = ${row0}; for (let j = 0; j < ${U}; j++) db${l}[j] = e${l}[j];
      for (let k = 0; k < ${I}; k++) { const v = ${input}[ri0 + k]; for (let j = 0; j < ${U}; j++) dW${l}[k * ${U} + j] = v * e${l}[j]; } }
      for (let r = 1; r < n; r++) { const ri = ${rowR}, ro = r * ${U};
        for (let j = 0; j < ${U}; j++) db${l}[j] += e${l}[ro + j];
        for (let k = 0; k < ${I}; k++) { const v = ${input}[ri + k]; for (let j = 0; j < ${U}; j++) dW${l}[k * ${U} + j] += v * e${l}[ro + j]; } }`);
    if (l > 0) {
      lines.push(`for (let r = 0; r < n; r++) { const ro = r * ${I}, re = r * ${U};
        for (let k = 0; k < ${I}; k++) { let s = 0; for (let j = 0; j < ${U}; j++) s += e${l}[re + j] * W${l}[k * ${U} + j]; e${l - 1}[ro + k] = s; }
        ${derivativeSource(shape.layers[l - 1]!.activation, l - 1, I)} }`);
    }
  }
  // Update every parameter in place.
  inputs = int(shape.inputs);
  shape.layers.forEach((layer, l) => {
    const U = int(layer.units);
    lines.push(updateSource(shape.optimizer, `W${l}`, `dW${l}`, `mW${l}`, `vW${l}`, String(Number(inputs) * layer.units)));
    lines.push(updateSource(shape.optimizer, `b${l}`, `db${l}`, `mb${l}`, `vb${l}`, U));
    inputs = U;
  });
  lines.push('loss *= invN;');
  // x − x is 0 exactly for finite x, NaN for NaN and ±Infinity.
  lines.push('if (loss - loss !== 0) { out[0] = batch; out[1] = loss; out[2] = t; return NaN; }');
  lines.push('total += loss * n; }');
  lines.push('out[2] = t; return total / rows;');
  return lines.join('\n');
}
