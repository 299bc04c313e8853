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

/** Training produced a NaN or infinite loss. */
export class NonFiniteLossError extends BackpropError {
  override name = 'NonFiniteLossError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(
      'fit',
      `loss became ${String(loss)} at epoch ${epoch}, batch ${batch}; training stopped. ` +
        'Lower the learning rate, scale the inputs, or check the data for NaN/Infinity.',
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
