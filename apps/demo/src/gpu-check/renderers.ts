/**
 * Which renderer each GPU path gets on this machine: gpu.js's headless GL (through the `gl`
 * addon, in a child process), WebGPU in Node (the `webgpu` package, in a child process), and the
 * system's GLX/EGL/Vulkan tools where installed.
 */
import { fileURLToPath } from 'node:url';
import { lastJsonLine, runLimited, tail } from '../child/run-limited.js';
import { classifyRenderer, rendererLabel, type RendererClass } from './classify-renderer.js';
import type { GlRendererAnswer, WebGpuAnswer } from './probe-types.js';
import { systemRenderers, type ToolReport } from './system-tools.js';

const PROBE_TIMEOUT_SECONDS = 30;

export type HeadlessGlReport = GlRendererAnswer & { readonly classification: RendererClass; readonly label: string };
export type WebGpuReport = WebGpuAnswer & { readonly classification: RendererClass };

export interface RendererReport {
  readonly headlessgl: HeadlessGlReport;
  readonly webgpu: WebGpuReport;
  readonly tools: readonly ToolReport[];
}

async function probeChild<T extends { ok: boolean }>(script: string): Promise<T | { ok: false; reason: string }> {
  const run = await runLimited(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { timeoutSeconds: PROBE_TIMEOUT_SECONDS, ownGroup: true });
  const answer = lastJsonLine<T>(run.stdout);
  if (answer) return answer;
  if (run.timedOut) return { ok: false, reason: `the probe took longer than ${PROBE_TIMEOUT_SECONDS} s and was stopped` };
  return { ok: false, reason: `the probe ${run.signal ? `was killed by ${run.signal}` : `exited with code ${String(run.code)}`} without an answer: ${tail(run.stderr)}` };
}

export async function probeRenderers(): Promise<RendererReport> {
  const gl = await probeChild<GlRendererAnswer>('./gl-renderer-main.js');
  const glClass = gl.ok ? classifyRenderer(gl.renderer) : 'unknown';
  const webgpu = await probeChild<WebGpuAnswer>('./webgpu-adapter-main.js');
  const webgpuClass = webgpu.ok && webgpu.adapter ? classifyRenderer(`${webgpu.adapter.vendor} ${webgpu.adapter.architecture} ${webgpu.adapter.device} ${webgpu.adapter.description}`) : 'unknown';
  return {
    headlessgl: { ...gl, classification: glClass, label: gl.ok ? rendererLabel(glClass) : 'unavailable' },
    webgpu: { ...webgpu, classification: webgpuClass },
    tools: await systemRenderers(),
  };
}
