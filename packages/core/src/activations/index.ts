/**
 * The activation registry: one line per activation. Everything else — the Activation type,
 * reference-ops, the host path, validation, the CLI's choices, the conformance suite — reads it.
 */
import type { ActivationDefinition } from './definition.js';
import { elu } from './elu.js';
import { gelu } from './gelu.js';
import { leakyRelu } from './leaky-relu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { silu } from './silu.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { tanh } from './tanh.js';

export const ACTIVATION_DEFINITIONS = {
  relu,
  leakyRelu,
  sigmoid,
  tanh,
  linear,
  softmax,
  gelu,
  silu,
  softplus,
  elu,
} as const satisfies Record<string, ActivationDefinition>;

export type Activation = keyof typeof ACTIVATION_DEFINITIONS;
export const ACTIVATIONS = Object.keys(ACTIVATION_DEFINITIONS) as readonly Activation[];

/** The definition of `kind`; callers have validated it (see spec-rules.ts). */
export function activationDefinition(kind: Activation): ActivationDefinition {
  return ACTIVATION_DEFINITIONS[kind];
}

export type { ActivationDefinition } from './definition.js';
