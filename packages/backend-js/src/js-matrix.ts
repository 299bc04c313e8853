/**
 * The handle this backend gives out: a matrix's shape and its row-major storage.
 * Core treats it as opaque; inside the backend every operation unwraps it through `live()`,
 * which is where a disposed or foreign handle is caught with a message naming the operation.
 */
import { BackpropError, shapeText, type Matrix } from '@backprop/core';
import type { FloatArray } from './storage.js';

const EMPTY = new Float64Array(0);

export class JsMatrix implements Matrix {
  /** The storage; replaced by an empty array on dispose so a dead handle can never reach a reused buffer. */
  data: FloatArray;
  disposed = false;

  constructor(
    readonly rows: number,
    readonly cols: number,
    data: FloatArray,
    /** The backend instance that made it: handles do not travel between backends. */
    readonly owner: object,
  ) {
    this.data = data;
  }

  /** Lets go of the storage and returns it, marking the handle dead. */
  release(): FloatArray {
    const data = this.data;
    this.data = EMPTY;
    this.disposed = true;
    return data;
  }

  toString(): string {
    return `JsMatrix${shapeText(this)}${this.disposed ? ' (disposed)' : ''}`;
  }
}

/** The handle as this backend's own live matrix, or a clear error naming `op` and `what`. */
export function live(op: string, what: string, m: Matrix, owner: object): JsMatrix {
  if (!(m instanceof JsMatrix) || m.owner !== owner) {
    throw new BackpropError(op, `${what} must be a handle made by this js backend, got ${describeHandle(m)}`);
  }
  if (m.disposed) {
    throw new BackpropError(op, `${what} ${shapeText(m)} was already disposed; a handle cannot be used after dispose`);
  }
  return m;
}

function describeHandle(m: Matrix): string {
  if (m instanceof JsMatrix) return `a handle ${shapeText(m)} of another js backend instance`;
  const name = (m as object).constructor?.name ?? 'object';
  return `a ${name} ${shapeText(m)}`;
}
