/**
 * Child process: opens a 1×1 context with the `gl` addon that gpu.js's headlessgl mode uses and
 * prints, as one JSON line, the renderer the context really runs on. gl's JavaScript wrapper
 * answers getParameter(RENDERER) with a fixed 'ANGLE' (and has no WEBGL_debug_renderer_info),
 * so the strings are read through the native method it wraps, which asks ANGLE's glGetString:
 * e.g. "ANGLE (Mesa/X.org llvmpipe (LLVM 15.0.6, 256 bits) OpenGL 4.5 core)". Run in its own
 * process because `gl` loads once per process and keeps its context until the process ends.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { GlRendererAnswer } from './probe-types.js';

const GL_VENDOR = 0x1f00;
const GL_RENDERER = 0x1f01;
const GL_VERSION = 0x1f02;
const GL_SHADING_LANGUAGE_VERSION = 0x8b8c;
const GL_MAX_TEXTURE_SIZE = 0x0d33;

type GetParameter = (this: object, name: number) => unknown;

interface GlContext {
  getParameter(name: number): unknown;
  getSupportedExtensions(): string[] | null;
  getExtension(name: string): { destroy?: () => void } | null;
}

/** The native getParameter that gl's JavaScript class overrides: the first one up the chain below it. */
function nativeGetParameter(context: object): GetParameter | undefined {
  let proto: object | null = Object.getPrototypeOf(context) as object | null;
  let seen = 0;
  while (proto) {
    if (Object.prototype.hasOwnProperty.call(proto, 'getParameter') && ++seen === 2) return (proto as { getParameter: GetParameter }).getParameter;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}

function probe(): GlRendererAnswer {
  // `gl` is backend-gpujs's (optional) dependency, so resolve it from there, as gpu.js does.
  const gpujsEntry = fileURLToPath(import.meta.resolve('@backprop/backend-gpujs'));
  let createContext: (w: number, h: number, options?: object) => GlContext | null;
  try {
    createContext = createRequire(gpujsEntry)('gl') as typeof createContext;
  } catch (error) {
    return { ok: false, reason: `the gl addon did not load (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  const gl = createContext(1, 1, { preserveDrawingBuffer: false });
  if (!gl) {
    const display = process.env.DISPLAY;
    return { ok: false, reason: display ? `gl made no context on DISPLAY=${display} (no GLX there?)` : 'gl made no context: DISPLAY is unset (run under xvfb-run -a)' };
  }
  try {
    const native = nativeGetParameter(gl);
    const read = (name: number): string | undefined => {
      const value = native ? native.call(gl, name) : undefined;
      return typeof value === 'string' ? value : undefined;
    };
    const maxTexture = gl.getParameter(GL_MAX_TEXTURE_SIZE);
    return {
      ok: true,
      renderer: read(GL_RENDERER) ?? String(gl.getParameter(GL_RENDERER)),
      vendor: read(GL_VENDOR) ?? String(gl.getParameter(GL_VENDOR)),
      version: read(GL_VERSION) ?? String(gl.getParameter(GL_VERSION)),
      shadingLanguage: read(GL_SHADING_LANGUAGE_VERSION) ?? '',
      maxTextureSize: typeof maxTexture === 'number' ? maxTexture : null,
      floatTextures: (gl.getSupportedExtensions() ?? []).includes('OES_texture_float'),
      source: native ? 'native glGetString under gl (ANGLE)' : "gl's masked getParameter (native method not found)",
    };
  } finally {
    gl.getExtension('STACKGL_destroy_context')?.destroy?.();
  }
}

process.stdout.write(JSON.stringify(probe()) + '\n');
process.exit(0);
