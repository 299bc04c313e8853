/**
 * Rules apps need about activations, losses and optimizers, read from core's registries instead
 * of re-declared (a new activation, loss or optimizer then reaches every app with no app edit).
 */
import { ACTIVATION_DEFINITIONS, LOSS_DEFINITIONS, OPTIMIZER_KINDS, UPDATE_RULES, type Activation, type Loss, type OptimizerKind } from '@backprop/core';

/**
 * Whether `kind` mixes the elements of a row (softmax) rather than applying to each element on
 * its own: such an activation belongs on an output layer only. Core derives it from the
 * activation's expressions (a row reduction). The one place apps ask this.
 */
export function isRowWiseActivation(kind: Activation): boolean {
  return ACTIVATION_DEFINITIONS[kind].rowWise;
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
