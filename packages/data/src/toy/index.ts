/** Toy datasets in the plane, generated from a seed (no files): browser-safe. */
export { spiralPoints, type SpiralOptions } from './spirals.js';
export { xorCorners, xorPlane, type XorPlaneOptions } from './xor.js';
export { oneHotLabels, type ToyPoints } from './toy-points.js';
