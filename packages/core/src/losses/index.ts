/**
 * The loss registry: one line per loss. The Loss type, reference-ops, the host path, validation
 * (the output pairing), evaluate's accuracy rule, the CLI and the conformance suite read it.
 */
import type { Activation } from '../activations/index.js';
import type { LossDefinition } from './definition.js';
import { mse } from './mse.js';
import { sigmoidBinaryCrossEntropy } from './sigmoid-binary-cross-entropy.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

export const LOSS_DEFINITIONS = {
  mse,
  softmaxCrossEntropy,
  sigmoidBinaryCrossEntropy,
} as const satisfies Record<string, LossDefinition>;

export type Loss = keyof typeof LOSS_DEFINITIONS;
export const LOSSES = Object.keys(LOSS_DEFINITIONS) as readonly Loss[];

export function lossDefinition(loss: Loss): LossDefinition {
  return LOSS_DEFINITIONS[loss];
}

/** Whether `loss` is defined with an output layer of activation `output`. */
export function lossAccepts(loss: Loss, output: Activation): boolean {
  const allowed = LOSS_DEFINITIONS[loss].outputActivations;
  return allowed === 'any' || allowed.includes(output);
}

/** The output activation a loss requires, when it names exactly one (softmax, sigmoid), else undefined. */
export function pairedOutputActivation(loss: Loss): Activation | undefined {
  const allowed = LOSS_DEFINITIONS[loss].outputActivations;
  return allowed !== 'any' && allowed.length === 1 ? allowed[0] : undefined;
}

export type { AccuracyRule, LossDefinition } from './definition.js';
