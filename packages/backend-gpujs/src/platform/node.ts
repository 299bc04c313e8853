/** gpu.js in Node: CommonJS, loaded on first use (see ../gpujs-module.ts for why lazily). */
import { createRequire } from 'node:module';
import type { GpujsModule, HeadlessGlFactory } from '../gpujs-module.js';

export const PLATFORM = 'node';

const require = createRequire(import.meta.url);

let gpujs: GpujsModule | null = null;

export function loadGpujs(): GpujsModule {
  gpujs ??= require('gpu.js') as GpujsModule;
  return gpujs;
}

/** Loads `gl` the way gpu.js does; throws what require threw when the addon is missing or broken. */
export function loadHeadlessGl(): HeadlessGlFactory {
  return require('gl') as HeadlessGlFactory;
}

/** The X display headless GL would use. */
export function displayName(): string | undefined {
  return process.env.DISPLAY;
}
