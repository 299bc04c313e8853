/**
 * Which gpu.js mode to run in, and why a mode cannot run here, in words a user can act on.
 * A mode counts as working only when it has a real context: gpu.js reports headless GL as
 * supported only after it made one, and the backend then runs a probe kernel on it (see
 * create-gpujs-backend.ts) before it answers `auto`.
 */
import type { GpujsModule, HeadlessGlFactory } from './gpujs-module.js';

export type GpujsMode = 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';
export type GpujsModeRequest = GpujsMode | 'auto';

/** The order `auto` tries, best first: any working GL context, then WebAssembly, then plain JS. */
export const AUTO_ORDER: readonly GpujsMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];
export const GPUJS_MODES: readonly GpujsModeRequest[] = [...AUTO_ORDER, 'auto'];

/** Debian/Ubuntu packages that `gl` needs to build (headers) and to run (an X server, Mesa). */
export const HEADLESS_GL_DEBIAN_PACKAGES =
  'libxi-dev libglu1-mesa-dev libglew-dev pkg-config libx11-dev libxext-dev xvfb xauth';

/** A requested mode cannot run here; `reason` says why and how to fix it. */
export class GpujsModeUnavailableError extends Error {
  override name = 'GpujsModeUnavailableError';
  constructor(
    readonly mode: GpujsModeRequest,
    readonly reason: string,
  ) {
    super(`createGpujsBackend: mode '${mode}' is not available here: ${reason}`);
  }
}

export type Availability = { ok: true } | { ok: false; reason: string };

const REBUILD_GL =
  `install the packages it builds against (Debian/Ubuntu: apt-get install -y ${HEADLESS_GL_DEBIAN_PACKAGES}), ` +
  "then reinstall with npm_config_nodedir=/usr in the environment (node-gyp otherwise tries to download Node's headers) " +
  `and check with: node -e "require('gl')"`;

/**
 * Why headless GL cannot run in this process, or ok. Checks, in order: the `gl` addon loads,
 * it gives a context (it needs an X display), the context has float textures, and gpu.js agrees.
 */
export function diagnoseHeadlessGl(loadGl: () => HeadlessGlFactory, gpujs: GpujsModule, display: string | undefined): Availability {
  let createContext: HeadlessGlFactory;
  try {
    createContext = loadGl();
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      ok: false,
      reason: `the 'gl' native addon (an optional dependency) is missing or failed to build (${detail}); ${REBUILD_GL}`,
    };
  }
  const context = createContext(1, 1);
  if (context === null) {
    return {
      ok: false,
      reason:
        display === undefined || display === ''
          ? "the 'gl' addon loaded but made no GL context because there is no X display (DISPLAY is unset); " +
            'run under a virtual one with `xvfb-run -a <command>` (Debian/Ubuntu: apt-get install -y xvfb xauth), ' +
            'or start Xvfb and set DISPLAY before the process starts'
          : `the 'gl' addon loaded but could not make a GL context on DISPLAY=${display}; check that the X server ` +
            'there is running and reachable, and that Mesa is installed (Debian/Ubuntu: apt-get install -y libgl1-mesa-dri libglx-mesa0)',
    };
  }
  const hasFloatTextures = context.getExtension('OES_texture_float') !== null;
  const destroy = context.getExtension('STACKGL_destroy_context') as { destroy(): void } | null;
  destroy?.destroy();
  if (!hasFloatTextures) {
    return { ok: false, reason: 'the GL context has no OES_texture_float extension, so it cannot store float32 values' };
  }
  if (!gpujs.GPU.isHeadlessGLSupported) {
    return {
      ok: false,
      reason:
        'gpu.js decided headless GL was unsupported the first time it was asked in this process, before a display existed; ' +
        'set DISPLAY (or run under `xvfb-run -a`) before the process starts',
    };
  }
  return { ok: true };
}

/** Availability of every mode in this process, without running a kernel. */
export function diagnoseMode(mode: GpujsMode, gpujs: GpujsModule, loadGl: () => HeadlessGlFactory, display: string | undefined): Availability {
  switch (mode) {
    case 'headlessgl':
      return diagnoseHeadlessGl(loadGl, gpujs, display);
    case 'webgl2':
      return gpujs.GPU.isWebGL2Supported
        ? { ok: true }
        : { ok: false, reason: 'WebGL2 exists only in browsers that provide it; in Node use headlessgl' };
    case 'webgl':
      return gpujs.GPU.isWebGLSupported
        ? { ok: true }
        : { ok: false, reason: 'WebGL exists only in browsers that provide it; in Node use headlessgl' };
    case 'webasm':
      return gpujs.GPU.isWebAssemblySupported
        ? { ok: true }
        : { ok: false, reason: 'this JavaScript runtime has no WebAssembly (or no SIMD support for it)' };
    case 'cpu':
      return { ok: true };
  }
}
