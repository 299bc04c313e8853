/**
 * Interleaved spirals in the plane, one class each (the classic CS231n toy problem): no linear
 * model separates them, a small ReLU network does. The CLI's `--dataset spirals` and the
 * playground's spirals are these points, so a model saved in one is checked in the other.
 */
import { Random } from '@backprop/core';
import type { ToyPoints } from './toy-points.js';

export interface SpiralOptions {
  /** Default 3. */
  readonly classes?: number;
  /** Points per class; default 200. */
  readonly perClass?: number;
  /** Default 17. */
  readonly seed?: number;
  /** Standard deviation of the angle's noise, in radians; default 0.2. */
  readonly noise?: number;
}

/**
 * Class k's i-th point lies at radius r = i/perClass and angle 4k + 4r + noise·N(0, 1), as
 * (r·sin θ, r·cos θ); rows are ordered by class. Points lie inside the unit disc.
 */
export function spiralPoints(options: SpiralOptions = {}): ToyPoints {
  const { classes = 3, perClass = 200, seed = 17, noise = 0.2 } = options;
  if (!Number.isInteger(classes) || classes < 1 || classes > 255) throw new RangeError(`spiralPoints: classes must be a whole number from 1 to 255, got ${classes}`);
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`spiralPoints: perClass must be a whole number from 1, got ${perClass}`);
  const random = new Random(seed);
  const rows = classes * perClass;
  const x = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < perClass; i++) {
      const row = k * perClass + i;
      const radius = i / perClass;
      const angle = k * 4 + radius * 4 + random.normal() * noise;
      x[row * 2] = radius * Math.sin(angle);
      x[row * 2 + 1] = radius * Math.cos(angle);
      labels[row] = k;
    }
  }
  return { x, labels, rows, classes };
}
