/**
 * The decision boundary as a heat map: each cell of the grid is painted in the mix of the class
 * colours weighted by the network's probabilities (pale where the network is unsure), and the
 * training points are drawn on top in their true class's colour.
 */
import type { Samples } from '../data/index.js';
import type { BoundaryImage } from '../worker/protocol.js';
import { CLASS_COLOURS } from './palette.js';

const SIDE = 360;
const POINT_RADIUS = 2.5;

export function drawBoundary(canvas: HTMLCanvasElement, image: BoundaryImage, points: Samples, extent: number): void {
  canvas.width = SIDE;
  canvas.height = SIDE;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('drawBoundary: this browser gives no 2-D canvas context');
  const { size, classes, probabilities } = image;
  const cells = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let top = 0;
    for (let k = 0; k < classes; k++) {
      const p = probabilities[i * classes + k]!;
      const [cr, cg, cb] = CLASS_COLOURS[k % CLASS_COLOURS.length]!;
      r += p * cr;
      g += p * cg;
      b += p * cb;
      top = Math.max(top, p);
    }
    // Sure cells take 55% of the class colour, unsure ones fade to white.
    const strength = 0.55 * Math.max(0, (top - 1 / classes) / (1 - 1 / classes));
    cells.data[i * 4] = 255 + (r - 255) * strength;
    cells.data[i * 4 + 1] = 255 + (g - 255) * strength;
    cells.data[i * 4 + 2] = 255 + (b - 255) * strength;
    cells.data[i * 4 + 3] = 255;
  }
  const small = new OffscreenCanvas(size, size);
  small.getContext('2d')!.putImageData(cells, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(small, 0, 0, SIDE, SIDE);
  const toPixel = (v: number): number => ((v + extent) / (2 * extent)) * SIDE;
  for (let row = 0; row < points.rows; row++) {
    const [r, g, b] = CLASS_COLOURS[points.labels[row]! % CLASS_COLOURS.length]!;
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.beginPath();
    context.arc(toPixel(points.x[row * 2]!), SIDE - toPixel(points.x[row * 2 + 1]!), POINT_RADIUS, 0, 2 * Math.PI);
    context.fill();
  }
}
