/**
 * The handle this backend gives out: a 2-D tfjs tensor with the Matrix shape fields beside it.
 * Core reads only `rows` and `cols`; the tensor stays inside this package. Which handles are live,
 * and whose, is the backend's HandleTable's business (tfjs-backend.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { BackpropError, type Matrix } from '@backprop/core';

export class TfjsMatrix implements Matrix {
  readonly rows: number;
  readonly cols: number;
  /** The tensor, or null once disposed: using a disposed handle must fail loudly. */
  private current: tf.Tensor2D | null;

  constructor(tensor: tf.Tensor2D) {
    this.rows = tensor.shape[0];
    this.cols = tensor.shape[1];
    this.current = tensor;
  }

  get disposed(): boolean {
    return this.current === null;
  }

  /** The tensor, for operation `op`; throws when the handle was disposed. */
  tensor(op: string): tf.Tensor2D {
    if (this.current === null) throw new BackpropError(op, `the [${this.rows},${this.cols}] matrix was already disposed`);
    return this.current;
  }

  /** Frees the tensor. Returns false when it was already freed, so counts stay right. */
  release(): boolean {
    if (this.current === null) return false;
    this.current.dispose();
    this.current = null;
    return true;
  }
}
