/**
 * A network being trained belongs to that fit call. A second fit on it before the first has
 * finished is refused (two interleaved fits would update the same parameters in an order that
 * matches neither), with an error naming the network. Disposing the network during fit ends that
 * fit at its next step boundary with an error saying so; predict and evaluate during fit (from a
 * callback, or from code running while fit awaits) are allowed and see the parameters after the
 * last completed step, since fit never yields in the middle of a step.
 */
import { BackpropError } from '../errors.js';
import type { Network } from '../network.js';

const beingTrained = new WeakSet<Network>();

/** The network for messages: its layer sizes and activations. */
export function networkName(network: Network): string {
  const sizes = [network.inputSize, ...network.layers.map((l) => l.units)].join('-');
  return `the ${sizes} network (${network.layers.map((l) => l.activation.kind).join(', ')})`;
}

/** Claims `network` for one fit call; returns the release. Throws when another fit holds it. */
export function claimForTraining(network: Network): () => void {
  if (beingTrained.has(network)) {
    throw new BackpropError('fit', `${networkName(network)} is already being trained by a fit call that has not finished; await it before starting another`);
  }
  beingTrained.add(network);
  return () => void beingTrained.delete(network);
}

export function isAlive(network: Network): boolean {
  try {
    network.assertAlive('fit');
    return true;
  } catch {
    return false;
  }
}

const disposalErrors = new WeakSet<Error>();

/** Whether `e` is already the error that says the network was disposed under fit. */
export function isDisposalError(e: unknown): boolean {
  return e instanceof Error && disposalErrors.has(e);
}

/** The error of a fit whose network was disposed while it trained, after `completed` epochs. */
export function disposedDuringFit(network: Network, completed: number, cause?: unknown): BackpropError {
  const error = new BackpropError('fit', `${networkName(network)} was disposed during training, after ${completed} completed epoch${completed === 1 ? '' : 's'}; training stopped`);
  if (cause !== undefined) (error as Error & { cause?: unknown }).cause = cause;
  disposalErrors.add(error);
  return error;
}

/** Throws disposedDuringFit when the network is gone (`completed` epochs trained so far). */
export function assertStillAlive(network: Network, completed: number): void {
  if (!isAlive(network)) throw disposedDuringFit(network, completed);
}
