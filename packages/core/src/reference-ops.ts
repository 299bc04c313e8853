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

/** Calls `run` with inputs and params given by name (a program lists only those it reads). */
function call(run: ProgramRunner, program: Program, inputs: Readonly<Record<string, Matrix>>, params: Readonly<Record<string, number>>): Matrix[] {
  return run(
    program,
    program.inputs.map((n) => inputs[n]!),
    program.params.map((n) => params[n]!),
  );
}

const ADAM = UPDATE_RULES.adam.kernel;

/** The composite operations of a backend whose programs run through `run`. */
export function programComposites(b: Pick<BackendPrimitives, 'matmul' | 'binary' | 'dispose'>, run: ProgramRunner): CompositeOps {
  const activation = (spec: ActivationSpec, z: Matrix): Matrix => call(run, activationForwardProgram(spec.kind), { z }, { alpha: spec.alpha })[0]!;
  return {
    activation,
    activationBackward: (spec, e, z, a) => call(run, activationBackwardProgram(spec.kind), { e, z, a }, { alpha: spec.alpha })[0]!,
    denseForward: (x, w, bias, spec) => {
      const xw = b.matmul(x, w, false, false);
      const z = b.binary('add', xw, bias);
      b.dispose(xw);
      if (ACTIVATION_DEFINITIONS[spec.kind].identity) return { z, a: z };
      return { z, a: activation(spec, z) };
    },
    outputError: (loss: Loss, spec, z, a, y) => {
      const [error, value] = call(run, outputErrorProgram(loss, spec.kind), { z, a, y }, { alpha: spec.alpha, batch: z.rows });
      return { loss: value!, error: error! };
    },
    lossValue: (loss, _spec, z, a, y) => call(run, lossValueProgram(loss), { z, a, y }, {})[0]!,
    sgdUpdate: (w, g, lr) => call(run, updateProgram('sgd'), { p: w, g }, { lr })[0]!,
    momentumUpdate: (w, v, g, lr, momentum) => {
      const [w2, v2] = call(run, updateProgram('momentum'), { p: w, g, v }, { lr, momentum });
      return { w: w2!, v: v2! };
    },
    adamUpdate: (w, m, v, g, h: AdamHyper) => {
      const scalars = { beta1: h.beta1, beta2: h.beta2, t: h.step };
      const params = { lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon, c1: evaluateScalar(ADAM.perStep['c1']!, scalars), c2: evaluateScalar(ADAM.perStep['c2']!, scalars) };
      const [w2, m2, v2] = call(run, updateProgram('adam'), { p: w, g, m, v }, params);
      return { w: w2!, m: m2!, v: v2! };
    },
  };
}

/** Core's reference composites: every program run on the backend's primitives. */
export function referenceOps(b: BackendPrimitives): CompositeOps {
  return programComposites(b, (program, inputs, params) => runOnPrimitives(b, program, inputs, params));
}
