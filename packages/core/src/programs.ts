/**
 * The programs behind the composite operations, built from the one definition of each kind
 * (activations/, losses/, update-rules/): what core's reference runs on primitives and what a
 * backend with `elementwise` compiles into its kernels. Each is built once and cached, so a
 * backend may cache its compiled kernel by `program.key` (or by the object).
 *
 * Inputs and params (in this order; a program lists only those it reads):
 * - activation.forward.K:  inputs z;        params alpha                 → a
 * - activation.backward.K: inputs e, z, a;  params alpha                 → dZ
 * - outputError.L.K:       inputs z, a, y;  params alpha, batch          → error, loss (batchMean)
 * - lossValue.L:           inputs z, a, y                                → loss (batchMean)
 * - update.R:              inputs p, g, then the rule's state slots; params its hyperparameters
 *                          and per-step scalars                          → p, then the new state
 */
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, type Activation } from './activations/index.js';
import { div, param, sub, type Expr } from './expr/expr.js';
import { defineProgram, substitute, type Program } from './expr/program.js';
import { LOSS_DEFINITIONS, LOSSES, lossAccepts, type Loss } from './losses/index.js';
import { a, y } from './losses/definition.js';
import { OPTIMIZER_KINDS, UPDATE_RULES, type OptimizerKind } from './update-rules/index.js';

/** Built programs by kind (keyed by the kind itself, not a built string: a lookup per composite call must cost nothing). */
const cache = new Map<string, Map<string, Program>>();

function cached(family: string, kind: string, build: (key: string) => Program): Program {
  let byKind = cache.get(family);
  if (!byKind) cache.set(family, (byKind = new Map<string, Program>()));
  let p = byKind.get(kind);
  if (!p) byKind.set(kind, (p = build(`${family}.${kind}`)));
  return p;
}

const ACTIVATION_ARGS = { inputs: ['e', 'z', 'a'], params: ['alpha'] } as const;

export function activationForwardProgram(kind: Activation): Program {
  return cached('activation.forward', kind, (key) => defineProgram(key, [{ name: 'a', expr: ACTIVATION_DEFINITIONS[kind].forward }], { inputs: ['z'], params: ['alpha'] }));
}

export function activationBackwardProgram(kind: Activation): Program {
  return cached('activation.backward', kind, (key) => defineProgram(key, [{ name: 'dZ', expr: ACTIVATION_DEFINITIONS[kind].backward }], ACTIVATION_ARGS));
}

/**
 * E_L = dLoss/dZ_L with the batch convention: (A − Y)/batch where the paired activation's
 * derivative cancels ('canonical'), else (dLoss/dA)/batch through the activation's backward.
 */
function outputErrorExpr(loss: Loss, kind: Activation): Expr {
  const definition = LOSS_DEFINITIONS[loss];
  const batch = param('batch');
  switch (definition.error) {
    case 'canonical':
      return div(sub(a, y), batch);
    case 'throughActivation':
      return substitute(ACTIVATION_DEFINITIONS[kind].backward, { e: div(definition.dLossdA, batch) });
  }
}

/** The family name of each loss's output-error programs, built once. */
const outputErrorFamilies = new Map<Loss, string>();

export function outputErrorProgram(loss: Loss, kind: Activation): Program {
  let byLoss = outputErrorFamilies.get(loss);
  if (!byLoss) outputErrorFamilies.set(loss, (byLoss = `outputError.${loss}`));
  return cached(byLoss, kind, (key) =>
    defineProgram(
      key,
      [
        { name: 'error', expr: outputErrorExpr(loss, kind) },
        { name: 'loss', expr: LOSS_DEFINITIONS[loss].elements, reduce: 'batchMean' },
      ],
      { inputs: ['z', 'a', 'y'], params: ['alpha', 'batch'] },
    ),
  );
}

export function lossValueProgram(loss: Loss): Program {
  return cached('lossValue', loss, (key) => defineProgram(key, [{ name: 'loss', expr: LOSS_DEFINITIONS[loss].elements, reduce: 'batchMean' }], { inputs: ['z', 'a', 'y'], params: [] }));
}

/** The hyperparameter names an update kernel may read, in argument order. */
export const UPDATE_PARAMS = ['lr', 'momentum', 'beta1', 'beta2', 'epsilon'] as const;

export function updateProgram(kind: OptimizerKind): Program {
  return cached('update', kind, (key) => {
    const k = UPDATE_RULES[kind].kernel;
    return defineProgram(key, [{ name: 'p', expr: k.p }, ...k.state.map((s) => ({ name: s.name, expr: s.next }))], {
      inputs: ['p', 'g', ...k.state.map((s) => s.name)],
      params: [...UPDATE_PARAMS, ...Object.keys(k.perStep)],
    });
  });
}

/** Every program core can hand a backend: what a backend compiling ahead of time (wasm) builds. */
export function allPrograms(): Program[] {
  const out: Program[] = [];
  for (const kind of ACTIVATIONS) out.push(activationForwardProgram(kind), activationBackwardProgram(kind));
  for (const loss of LOSSES) {
    out.push(lossValueProgram(loss));
    for (const kind of ACTIVATIONS) if (lossAccepts(loss, kind)) out.push(outputErrorProgram(loss, kind));
  }
  for (const kind of OPTIMIZER_KINDS) out.push(updateProgram(kind));
  // A sanity check that costs nothing: keys are unique.
  if (new Set(out.map((p) => p.key)).size !== out.length) throw new Error('programs: duplicate keys');
  return out;
}

