// backend-gpujs in Chromium on its two browser modes. expectEngine makes a run fail unless
// gpu.js ran in that mode (the backend also checks every kernel's class, so no silent CPU
// fallback), and the first test proves the context is a real WebGL2/WebGL one, naming the GPU.
import { createGpujsBackend, type GpujsBackend } from '@backprop/backend-gpujs';
import { choices, findVariant } from '@backprop/backends';
import { runConformance } from '@backprop/conformance';
import { describe, expect, it } from 'vitest';
import { chromiumReport } from '../support/report-path.js';

const CONTEXT_CLASS = { webgl2: 'WebGL2RenderingContext', webgl: 'WebGLRenderingContext' } as const;

/** gpu.js's browser modes that render through WebGL, from the backend registry. */
const GL_MODES = choices({ platform: 'browser' })
  .filter((c) => c.backend === 'gpujs' && findVariant(c)?.computesOn === 'webgl')
  .map((c) => c.variant as keyof typeof CONTEXT_CLASS);

/** The GL context gpu.js really renders with (a private part of the backend, read for this proof). */
function glContextOf(backend: GpujsBackend): WebGLRenderingContext | WebGL2RenderingContext | null {
  return (backend as unknown as { parts: { glContext: WebGLRenderingContext | WebGL2RenderingContext | null } }).parts.glContext;
}

for (const mode of GL_MODES) {
  describe(`gpujs ${mode} has a real ${CONTEXT_CLASS[mode]}`, () => {
    it('renders through the browser GPU stack, not a CPU fallback', () => {
      const backend = createGpujsBackend({ mode });
      try {
        const gl = glContextOf(backend);
        expect(gl?.constructor.name).toBe(CONTEXT_CLASS[mode]);
        const version = String(gl!.getParameter(gl!.VERSION));
        expect(version).toContain(mode === 'webgl2' ? 'WebGL 2.0' : 'WebGL 1.0');
        const debug = gl!.getExtension('WEBGL_debug_renderer_info');
        const renderer = debug ? String(gl!.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : String(gl!.getParameter(gl!.RENDERER));
        console.log(`gpujs ${mode}: ${version} on ${renderer}`);
        expect(renderer.length).toBeGreaterThan(0);
      } finally {
        backend.close?.();
      }
    });
  });
  runConformance({
    name: `chromium gpujs ${mode}`,
    create: () => createGpujsBackend({ mode }),
    expectEngine: mode,
    reportFile: chromiumReport(`gpujs ${mode}`),
  });
}
