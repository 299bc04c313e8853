/**
 * Every error core raises is a BackpropError whose message names the operation, what was
 * expected and what came: `matmul: inner sizes differ, [2,3] × [4,5]`.
 */
export class BackpropError extends Error {
  override name = 'BackpropError';
  constructor(
    /** The operation that refused its input, e.g. 'matmul', 'fit', 'loadModel'. */
    readonly operation: string,
    detail: string,
  ) {
    super(`${operation}: ${detail}`);
  }
}

const DIVERGENCE_ADVICE = 'Lower the learning rate, scale the inputs, or check the data for NaN/Infinity.';

/**
 * Training produced a NaN or infinite loss (at the backend's precision: a float32 backend's loss
 * overflows past 3.4028235e38). fit has put back the parameters and optimizer state of the start
 * of that epoch, the last state known to be finite.
 */
export class NonFiniteLossError extends BackpropError {
  override name = 'NonFiniteLossError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
    detail?: string,
  ) {
    super(
      'fit',
      detail ??
        `loss became ${String(loss)} at epoch ${epoch}, batch ${batch}; training stopped and the parameters were restored to the start of epoch ${epoch}. ` +
          DIVERGENCE_ADVICE,
    );
  }
}

/**
 * A training step's update left a parameter NaN or ±Infinity while the batch loss, computed
 * before the update, was still finite: the weights overflowed. A
 * NonFiniteLossError too, so one `catch` handles both; fit has restored the start of the epoch.
 */
export class NonFiniteWeightsError extends NonFiniteLossError {
  override name = 'NonFiniteWeightsError';
  constructor(
    epoch: number,
    batch: number,
    loss: number,
    /** Which matrix went non-finite, e.g. 'layer 0 weights' or 'layer 1 biases'. */
    readonly parameter: string,
    /** The first non-finite value found in it. */
    readonly value: number,
  ) {
    super(
      epoch,
      batch,
      loss,
      `${parameter} became ${String(value)} after the update of epoch ${epoch}, batch ${batch} (the batch loss before it was ${String(loss)}); ` +
        `training stopped and the parameters were restored to the start of epoch ${epoch}. ${DIVERGENCE_ADVICE}`,
    );
  }
}

/** A saved model could not be read: malformed, truncated, or not fitting what was asked. */
export class ModelFormatError extends BackpropError {
  override name = 'ModelFormatError';
  constructor(detail: string, operation = 'loadModel') {
    super(operation, detail);
  }
}

/** `[rows,cols]`, the way shapes appear in every message. */
export function shapeText(m: { rows: number; cols: number }): string {
  return `[${m.rows},${m.cols}]`;
}

/** A short description of what a value is, for "expected X, got Y" messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return typeof v;
}
