/** The loss an imported network trains with, checked against core's pairing rules before anything is built. */
import { lossAccepts, type Activation, type Loss } from '@backprop/core';
import { InteropError } from './errors.js';

/**
 * `asked` when given (refused when its output activation does not fit, as createNetwork would);
 * else the file's own loss when it fits the output layer; else from the output layer: softmax →
 * softmaxCrossEntropy, sigmoid → sigmoidBinaryCrossEntropy, anything else → mse.
 */
export function lossFor(output: Activation, asked: Loss | undefined, saved: Loss | undefined, operation: string): Loss {
  if (asked !== undefined) {
    if (!lossAccepts(asked, output)) throw new InteropError(operation, 'loss', `${asked} does not fit the imported output layer's ${output} activation; choose another loss`);
    return asked;
  }
  if (saved !== undefined && lossAccepts(saved, output)) return saved;
  return output === 'softmax' ? 'softmaxCrossEntropy' : output === 'sigmoid' ? 'sigmoidBinaryCrossEntropy' : 'mse';
}
