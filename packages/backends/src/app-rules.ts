/**
 * Rules apps need about activations, losses and optimizers, read from core's registries instead
 * of re-declared (a new activation, loss or optimizer then reaches every app with no app edit).
 */
import { ACTIVATION_DEFINITIONS, LOSS_DEFINITIONS, OPTIMIZER_KINDS, UPDATE_RULES, type Activation, type Loss, type OptimizerKind } from '@backprop/core';

/**
 * Whether `kind` mixes the elements of a row (softmax) rather than applying to each element on
 * its own: such an activation belongs on an output layer only. Reads the definition's `rowWise`
 * flag where core has one; else its host form's 'row' kind, else the name. The one place apps
 * ask this.
 */
export function isRowWiseActivation(kind: Activation): boolean {
  const definition = ACTIVATION_DEFINITIONS[kind] as { readonly rowWise?: unknown; readonly host?: { readonly kind?: unknown } };
  if (typeof definition.rowWise === 'boolean') return definition.rowWise;
  if (definition.host !== undefined && typeof definition.host.kind === 'string') return definition.host.kind === 'row';
  return kind === 'softmax';
}

/** Activations a hidden layer may use: every one core knows that works element by element. */
export function hiddenActivations(): Activation[] {
  return (Object.keys(ACTIVATION_DEFINITIONS) as Activation[]).filter((a) => !isRowWiseActivation(a));
}

/** Whether a network trained with `loss` predicts values (regression) rather than classes: its loss defines no accuracy rule. */
export function isRegressionLoss(loss: Loss): boolean {
  return LOSS_DEFINITIONS[loss].accuracy === undefined;
}

/** Every optimizer core knows, in its registry's order. */
export function optimizerKinds(): readonly OptimizerKind[] {
  return OPTIMIZER_KINDS;
}

/** A learning rate that usually works for `kind` (its update rule's own). */
export function defaultLearningRate(kind: OptimizerKind): number {
  return UPDATE_RULES[kind].defaultLr;
}
