/**
 * XOR, the smallest problem a straight line cannot separate: its four corners, and the same rule
 * over the plane (a point's class is whether its two coordinates differ in sign).
 */
import { Random } from '@backprop/core';
import type { ToyPoints } from './toy-points.js';

/** The four points (0,0) (0,1) (1,0) (1,1), labelled 0 1 1 0. */
export function xorCorners(): ToyPoints {
  return { x: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]), labels: Uint8Array.from([0, 1, 1, 0]), rows: 4, classes: 2 };
}

export interface XorPlaneOptions {
  /** Default 400. */
  readonly rows?: number;
  /** Default 29. */
  readonly seed?: number;
  /** Points are pushed at least this far from either axis, so the classes are separable; default 0.05. */
  readonly margin?: number;
}

/** Points uniform in [-1, 1]², labelled 1 where x and y differ in sign, kept `margin` off both axes. */
export function xorPlane(options: XorPlaneOptions = {}): ToyPoints {
  const { rows = 400, seed = 29, margin = 0.05 } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`xorPlane: rows must be a whole number from 1, got ${rows}`);
  if (!(margin >= 0 && margin < 1)) throw new RangeError(`xorPlane: margin must be in [0, 1), got ${margin}`);
  const random = new Random(seed);
  const x = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  const away = (v: number): number => (v >= 0 ? margin + v * (1 - margin) : -margin + v * (1 - margin));
  for (let row = 0; row < rows; row++) {
    const a = away(random.next() * 2 - 1);
    const b = away(random.next() * 2 - 1);
    x[row * 2] = a;
    x[row * 2 + 1] = b;
    labels[row] = a > 0 !== b > 0 ? 1 : 0;
  }
  return { x, labels, rows, classes: 2 };
}
