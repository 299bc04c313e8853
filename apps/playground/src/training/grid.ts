/** The points of the plane where the decision boundary is sampled. */

/** Cells per side of the boundary heat map: 48² = 2,304 points through the network per update. */
export const GRID_SIZE = 48;

/**
 * Cell centres of a size×size grid over [-extent, extent]², row-major from the top-left (y
 * falls down the rows, as on a canvas), as rows×2 inputs.
 */
export function gridPoints(extent: number, size = GRID_SIZE): Float64Array {
  const x = new Float64Array(size * size * 2);
  const step = (2 * extent) / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      x[i * 2] = -extent + (col + 0.5) * step;
      x[i * 2 + 1] = extent - (row + 0.5) * step;
    }
  }
  return x;
}
