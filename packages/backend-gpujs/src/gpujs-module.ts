/**
 * gpu.js and the `gl` addon, loaded the way the platform allows. In Node both are CommonJS and
 * are loaded lazily, at backend creation: gpu.js decides once per process, on first use,
 * whether headless GL works, so loading it only when a backend is asked for lets a caller set
 * DISPLAY first, and `gl` (an optional dependency that may have failed to build) turns into a
 * diagnosis instead of a crash. In a browser, gpu.js's browser build is bundled and `gl` does
 * not exist. The package.json `imports` map picks the file: `browser` condition or not.
 */
export { PLATFORM, displayName, loadGpujs, loadHeadlessGl } from '#gpujs-platform';

export type GpujsModule = typeof import('gpu.js');

/** The `gl` addon's context factory: returns null when no context can be made (no X display). */
export type HeadlessGlFactory = (width: number, height: number, attributes?: object) => HeadlessGlContext | null;

export interface HeadlessGlContext {
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
  readonly VERSION: number;
}
