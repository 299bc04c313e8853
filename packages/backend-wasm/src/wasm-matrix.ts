import type { Matrix } from '@backprop/core';

/** A rows×cols float32 matrix stored at byte address `ptr` of a WasmBackend's linear memory. */
export class WasmMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    /** Byte address of the first element (64-byte aligned). */
    readonly ptr: number,
  ) {}

  /** hostArray's view, kept: core's host path asks for it every epoch, and a tiny epoch lasts microseconds. */
  view: Float32Array | undefined;

  get length(): number {
    return this.rows * this.cols;
  }

  /** Bytes of storage the matrix asked for. */
  get bytes(): number {
    return this.rows * this.cols * 4;
  }
}
