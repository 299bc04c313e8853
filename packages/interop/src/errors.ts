/**
 * What the interop functions throw. Both are ModelFormatErrors, so a caller that already handles
 * core's loading errors (the CLI maps them to "bad input") handles these too.
 */
import { ModelFormatError } from '@backprop/core';

/**
 * A file or model could not be read or written: malformed, truncated, too large, or not fitting
 * what it declares. `field` names the part at fault, e.g. `graph.initializer[2].dims` or
 * `modelTopology.config.layers[1].config.units`; the message starts with the operation and it.
 */
export class InteropError extends ModelFormatError {
  override name = 'InteropError';
  constructor(
    operation: string,
    /** Where in the file (or model) the problem is. */
    readonly field: string,
    detail: string,
  ) {
    super(`${field} ${detail}`, operation);
  }
}

/**
 * A well-formed model that backprop cannot represent: a convolution, a recurrence, an activation
 * core lacks. The message names the node or layer and lists what is supported.
 */
export class UnsupportedModelError extends InteropError {
  override name = 'UnsupportedModelError';
}
