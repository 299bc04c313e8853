/**
 * The composite operations as programs (programs.ts): each composite is one program from the
 * kinds' one definition, run by a ProgramRunner. Two runners exist: core's reference
 * (`runOnPrimitives`, one primitive call per node: what every fused kernel must agree with) and
 * a backend's own `elementwise`, which compiles the program into one kernel of its language.
 */
import { ACTIVATION_DEFINITIONS } from './activations/index.js';
import type { ActivationSpec, AdamHyper, BackendPrimitives, CompositeOps, Loss, Matrix } from './backend.js';
import { evaluateScalar } from './expr/evaluate.js';
import { runOnPrimitives } from './expr/on-primitives.js';
import type { Program } from './expr/program.js';
import { activationBackwardProgram, activationForwardProgram, lossValueProgram, outputErrorProgram, updateProgram } from './programs.js';
import { UPDATE_RULES } from './update-rules/index.js';

/** Runs a program: inputs and params in the program's order; returns its outputs in order. */
export type ProgramRunner = (program: Program, inputs: readonly Matrix[], params: readonly number[]) => Matrix[];

/**
 * Where each of a program's inputs and params sits in its composite's full argument lists
 * (a program lists only what it reads), worked out once per program: a call then only picks.
 */
const picks = new WeakMap<Program, { inputs: number[]; params: number[] }>();

function picksOf(program: Program, inputNames: readonly string[], paramNames: readonly string[]): { inputs: number[]; params: number[] } {
  let p = picks.get(program);
  if (!p) {
    p = { inputs: program.inputs.map((n) => inputNames.indexOf(n)), params: program.params.map((n) => paramNames.indexOf(n)) };
    picks.set(program, p);
  }
  return p;
}

/** Calls `run` with the composite's full argument lists, passing the program only what it reads, in its order. */
function call(run: ProgramRunner, program: Program, inputNames: readonly string[], inputs: readonly Matrix[], paramNames: readonly string[], params: readonly number[]): Matrix[] {
  const p = picksOf(program, inputNames, paramNames);
  return run(
    program,
    p.inputs.map((i) => inputs[i]!),
    p.params.map((i) => params[i]!),
  );
}

const Z = ['z'];
const EZA = ['e', 'z', 'a'];
const ZAY = ['z', 'a', 'y'];
const ALPHA = ['alpha'];
const ALPHA_BATCH = ['alpha', 'batch'];
const NONE: readonly string[] = [];
const PG = ['p', 'g'];
const PGV = ['p', 'g', 'v'];
const PGMV = ['p', 'g', 'm', 'v'];
const LR = ['lr'];
const LR_MOMENTUM = ['lr', 'momentum'];
const ADAM_PARAMS = ['lr', 'beta1', 'beta2', 'epsilon', 'c1', 'c2'];

const ADAM = UPDATE_RULES.adam.kernel;

/** The composite operations of a backend whose programs run through `run`. */
export function programComposites(b: Pick<BackendPrimitives, 'matmul' | 'binary' | 'dispose'>, run: ProgramRunner): CompositeOps {
  const activation = (spec: ActivationSpec, z: Matrix): Matrix => call(run, activationForwardProgram(spec.kind), Z, [z], ALPHA, [spec.alpha])[0]!;
  return {
    activation,
    activationBackward: (spec, e, z, a) => call(run, activationBackwardProgram(spec.kind), EZA, [e, z, a], ALPHA, [spec.alpha])[0]!,
    denseForward: (x, w, bias, spec) => {
      const xw = b.matmul(x, w, false, false);
      const z = b.binary('add', xw, bias);
      b.dispose(xw);
      if (ACTIVATION_DEFINITIONS[spec.kind].identity) return { z, a: z };
      return { z, a: activation(spec, z) };
    },
    outputError: (loss: Loss, spec, z, a, y) => {
      const [error, value] = call(run, outputErrorProgram(loss, spec.kind), ZAY, [z, a, y], ALPHA_BATCH, [spec.alpha, z.rows]);
      return { loss: value!, error: error! };
    },
    lossValue: (loss, _spec, z, a, y) => call(run, lossValueProgram(loss), ZAY, [z, a, y], NONE, [])[0]!,
    sgdUpdate: (w, g, lr) => call(run, updateProgram('sgd'), PG, [w, g], LR, [lr])[0]!,
    momentumUpdate: (w, v, g, lr, momentum) => {
      const [w2, v2] = call(run, updateProgram('momentum'), PGV, [w, g, v], LR_MOMENTUM, [lr, momentum]);
      return { w: w2!, v: v2! };
    },
    adamUpdate: (w, m, v, g, h: AdamHyper) => {
      const scalars = { beta1: h.beta1, beta2: h.beta2, t: h.step };
      const params = [h.lr, h.beta1, h.beta2, h.epsilon, evaluateScalar(ADAM.perStep['c1']!, scalars), evaluateScalar(ADAM.perStep['c2']!, scalars)];
      const [w2, m2, v2] = call(run, updateProgram('adam'), PGMV, [w, g, m, v], ADAM_PARAMS, params);
      return { w: w2!, m: m2!, v: v2! };
    },
  };
}

/** Core's reference composites: every program run on the backend's primitives. */
export function referenceOps(b: BackendPrimitives): CompositeOps {
  return programComposites(b, (program, inputs, params) => runOnPrimitives(b, program, inputs, params));
}
