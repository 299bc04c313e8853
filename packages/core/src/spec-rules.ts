/**
 * The rules of a network spec, in one place: createNetwork, the model loader and Ops all check
 * activations, their parameter, dropout and the loss/output pairing here, so every caller
 * refuses the same things with the same words. Each caller says how a field is named in its
 * messages and which error class to throw.
 */
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, type Activation } from './activations/index.js';
import { describeValue } from './errors.js';
import { LOSS_DEFINITIONS, LOSSES, lossAccepts, type Loss } from './losses/index.js';

/** The alpha recorded for a layer whose activation has no default of its own (and reads no alpha). */
export const DEFAULT_ALPHA = 0.01;

/** One layer with every default filled in: what a saved model records. */
export interface ResolvedLayer {
  readonly units: number;
  readonly activation: Activation;
  readonly alpha: number;
  /** Fraction of this layer's outputs dropped in training (hidden layers only); absent when 0. */
  readonly dropout?: number;
}

/** A spec with every default filled in: what a saved model records. */
export interface ResolvedNetworkSpec {
  readonly inputSize: number;
  readonly layers: readonly ResolvedLayer[];
  readonly loss: Loss;
}

export function isActivation(kind: unknown): kind is Activation {
  return typeof kind === 'string' && Object.hasOwn(ACTIVATION_DEFINITIONS, kind);
}

export function isLoss(loss: unknown): loss is Loss {
  return typeof loss === 'string' && Object.hasOwn(LOSS_DEFINITIONS, loss);
}

/** Why `kind` is not an activation, or undefined. */
export function activationProblem(kind: unknown): string | undefined {
  return isActivation(kind) ? undefined : `must be one of ${ACTIVATIONS.join(', ')}, got ${describeValue(kind)}`;
}

/** Why `alpha` is not a usable leakyRelu slope, or undefined. */
export function alphaProblem(alpha: unknown): string | undefined {
  return typeof alpha === 'number' && alpha >= 0 && alpha <= 1 ? undefined : `must be in [0, 1], got ${describeValue(alpha)}`;
}

/** Why `loss` is not a loss, or undefined. */
export function lossProblem(loss: unknown): string | undefined {
  return isLoss(loss) ? undefined : `must be one of ${LOSSES.join(', ')}, got ${describeValue(loss)}`;
}

/** Why `loss` cannot follow an output layer of `output`, or undefined: `loss softmaxCrossEntropy needs a softmax output layer, got relu`. */
export function pairingProblem(loss: Loss, output: Activation): string | undefined {
  if (lossAccepts(loss, output)) return undefined;
  const allowed = LOSS_DEFINITIONS[loss].outputActivations as readonly Activation[];
  return `loss ${loss} needs a ${allowed.join(' or ')} output layer, got ${output}`;
}

/** Why `rate` is not a dropout rate, or undefined. */
export function dropoutProblem(rate: unknown): string | undefined {
  return typeof rate === 'number' && rate >= 0 && rate < 1 ? undefined : `must be in [0, 1), got ${describeValue(rate)}`;
}

export interface SpecCheck {
  /** What the whole value is called in messages: 'spec', 'network'. */
  readonly name: string;
  /** How a field is named in messages: (undefined, 'inputSize') or (layer index, 'units'). */
  readonly field: (layer: number | undefined, name: string) => string;
  /** The error to throw for a problem. */
  readonly fail: (detail: string) => Error;
  /** Refuse a missing activation or loss instead of defaulting it (a saved model records both). */
  readonly requireKinds?: boolean;
}

/** Validates a spec-shaped value and fills in the defaults (activation relu, alpha the activation's default or 0.01, loss mse, no dropout). */
export function resolveNetworkSpec(value: unknown, check: SpecCheck): ResolvedNetworkSpec {
  const { field, fail } = check;
  if (typeof value !== 'object' || value === null) throw fail(`${check.name} must be an object, got ${describeValue(value)}`);
  const spec = value as { inputSize?: unknown; layers?: unknown; loss?: unknown };
  if (!Number.isInteger(spec.inputSize) || (spec.inputSize as number) < 1) {
    throw fail(`${field(undefined, 'inputSize')} must be a positive integer, got ${describeValue(spec.inputSize)}`);
  }
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw fail(`${field(undefined, 'layers')} must be a non-empty array, got ${describeValue(spec.layers)}`);
  }
  const last = spec.layers.length - 1;
  const layers = (spec.layers as unknown[]).map((raw, i): ResolvedLayer => {
    const l = (typeof raw === 'object' && raw !== null ? raw : {}) as { units?: unknown; activation?: unknown; alpha?: unknown; dropout?: unknown };
    if (!Number.isInteger(l.units) || (l.units as number) < 1) throw fail(`${field(i, 'units')} must be a positive integer, got ${describeValue(l.units)}`);
    const activation = check.requireKinds ? l.activation : (l.activation ?? 'relu');
    const badKind = activationProblem(activation);
    if (badKind) throw fail(`${field(i, 'activation')} ${badKind}`);
    const alpha = l.alpha ?? ACTIVATION_DEFINITIONS[activation as Activation].defaultAlpha ?? DEFAULT_ALPHA;
    const badAlpha = alphaProblem(alpha);
    if (badAlpha) throw fail(`${field(i, 'alpha')} ${badAlpha}`);
    const dropout = l.dropout ?? 0;
    const badDropout = dropoutProblem(dropout);
    if (badDropout) throw fail(`${field(i, 'dropout')} ${badDropout}`);
    if (i === last && dropout !== 0) throw fail(`${field(i, 'dropout')} must be 0 on the output layer (dropout goes after hidden layers), got ${describeValue(dropout)}`);
    const layer = { units: l.units as number, activation: activation as Activation, alpha: alpha as number };
    return (dropout as number) > 0 ? { ...layer, dropout: dropout as number } : layer;
  });
  const loss = check.requireKinds ? spec.loss : (spec.loss ?? 'mse');
  const badLoss = lossProblem(loss);
  if (badLoss) throw fail(`${field(undefined, 'loss')} ${badLoss}`);
  const pairing = pairingProblem(loss as Loss, layers[last]!.activation);
  if (pairing) throw fail(pairing);
  return { inputSize: spec.inputSize as number, layers, loss: loss as Loss };
}
