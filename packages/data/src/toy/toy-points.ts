/** Labelled points in the plane: `x` is rows×2, row-major; `labels` one class index per row. */
export interface ToyPoints {
  readonly x: Float64Array;
  readonly labels: Uint8Array;
  readonly rows: number;
  readonly classes: number;
}

/** One-hot targets, rows×classes, for the labels. */
export function oneHotLabels(points: ToyPoints): Float64Array {
  const y = new Float64Array(points.rows * points.classes);
  points.labels.forEach((label, row) => (y[row * points.classes + label] = 1));
  return y;
}
