/**
 * gpu.js and the `gl` addon are CommonJS and are loaded lazily, at backend creation: gpu.js
 * decides once per process, on first use, whether headless GL works, so loading it only when a
 * backend is asked for lets a caller set DISPLAY first. `gl` is an optional dependency that may
 * have failed to build; loading it here turns that into a diagnosis instead of a crash.
 */
import { createRequire } from 'node:module';

export type GpujsModule = typeof import('gpu.js');

const require = createRequire(import.meta.url);

let gpujs: GpujsModule | null = null;

export function loadGpujs(): GpujsModule {
  gpujs ??= require('gpu.js') as GpujsModule;
  return gpujs;
}

/** The `gl` addon's context factory: returns null when no context can be made (no X display). */
export type HeadlessGlFactory = (width: number, height: number, attributes?: object) => HeadlessGlContext | null;

export interface HeadlessGlContext {
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
  readonly VERSION: number;
}

/** Loads `gl` the way gpu.js does; throws what require threw when the addon is missing or broken. */
export function loadHeadlessGl(): HeadlessGlFactory {
  return require('gl') as HeadlessGlFactory;
}
