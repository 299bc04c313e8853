/**
 * Each core activation as plain JavaScript for the standalone module: a function body over the
 * row `z` (a Float64Array of one layer's pre-activations), written in place, and the layer's
 * `alpha`. Printed from core's one definition of each activation (its forward program) with
 * core's JavaScript dialect, so the module computes exactly what core defines, for every kind
 * in core's registry, with no formula written here. Only the formula's own constants and fixed
 * names go into the text: alpha is the function's argument.
 */
import { ACTIVATION_DEFINITIONS, activationForwardProgram, jsDialect, lowerProgram, type Activation } from '@backprop/core';

/** The statements of `activation(z, alpha)` for `kind` (empty for the identity). */
export function standaloneActivation(kind: Activation): string {
  if (ACTIVATION_DEFINITIONS[kind].identity) return '';
  const program = activationForwardProgram(kind);
  const lowered = lowerProgram(
    program,
    jsDialect({ param: () => 'alpha', input: () => 'z[j]', rowElement: (_, column) => `z[${column}]`, cols: 'z.length' }),
  );
  // Row statements (a softmax's maximum and sum) read the whole row before any element is written.
  return [...lowered.row, 'for (let j = 0; j < z.length; j++) {', ...lowered.element, `z[j] = ${lowered.outputs[0]!};`, '}'].join(' ');
}
