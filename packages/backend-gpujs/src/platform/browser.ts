/**
 * gpu.js in a browser: the bundler takes gpu.js's browser build (its package.json `browser`
 * field), a UMD file whose module.exports is the whole API. Headless GL is a Node addon and
 * does not exist here; browsers offer WebGL2/WebGL contexts instead.
 */
import gpujs from 'gpu.js';
import type { GpujsModule, HeadlessGlFactory } from '../gpujs-module.js';

export const PLATFORM = 'browser';

export function loadGpujs(): GpujsModule {
  return gpujs;
}

export function loadHeadlessGl(): HeadlessGlFactory {
  throw new Error("headless GL is the 'gl' addon for Node; in a browser use mode 'webgl2' or 'webgl'");
}

export function displayName(): string | undefined {
  return undefined;
}
