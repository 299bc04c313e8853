/**
 * The renderer that each system GL/EGL/Vulkan path gets, read from the standard tools where they
 * are installed (glxinfo and eglinfo from mesa-utils, vulkaninfo from vulkan-tools, nvidia-smi
 * from the NVIDIA driver). A missing tool is reported as 'not available', never guessed at.
 */
import { execFile } from 'node:child_process';
import { classifyRenderer, type RendererClass } from './classify-renderer.js';

export interface RendererSeen {
  /** Where it was seen: 'GLX', 'EGL device', 'Vulkan GPU0', 'nvidia-smi'. */
  readonly path: string;
  readonly renderer: string;
  readonly classification: RendererClass;
}

export interface ToolReport {
  readonly tool: string;
  readonly available: boolean;
  /** Why nothing was read: the tool is missing, failed, or printed no renderer. */
  readonly reason?: string;
  readonly renderers: readonly RendererSeen[];
}

const TOOL_TIMEOUT_MS = 15_000;

function runTool(command: string, args: readonly string[]): Promise<{ ok: true; stdout: string } | { ok: false; missing: boolean; reason: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TOOL_TIMEOUT_MS, encoding: 'utf8', maxBuffer: 8 * 2 ** 20 }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve({ ok: false, missing: true, reason: 'not available (not installed)' });
      // eglinfo exits non-zero when one platform fails even though others printed: keep what came.
      if (stdout.trim() !== '') return resolve({ ok: true, stdout });
      const detail = (stderr || error.message).trim().split('\n').slice(-2).join(' | ');
      resolve({ ok: false, missing: false, reason: error.killed ? `stopped after ${TOOL_TIMEOUT_MS / 1000} s` : `failed: ${detail}` });
    });
  });
}

function seen(path: string, renderer: string): RendererSeen {
  return { path, renderer, classification: classifyRenderer(renderer) };
}

/** `glxinfo -B`: "OpenGL renderer string: llvmpipe (LLVM 15.0.6, 256 bits)". */
export function parseGlxinfo(text: string): RendererSeen[] {
  const renderer = /^OpenGL renderer string:\s*(.+)$/m.exec(text)?.[1]?.trim();
  const vendor = /^OpenGL vendor string:\s*(.+)$/m.exec(text)?.[1]?.trim();
  return renderer ? [seen('GLX', vendor ? `${renderer} (${vendor})` : renderer)] : [];
}

/**
 * `eglinfo -B`: one section per platform ("Device platform:", "Surfaceless platform:", …), each
 * with "EGL vendor string" and "EGL driver name", and in newer versions the GL renderer.
 */
export function parseEglinfo(text: string): RendererSeen[] {
  const out: RendererSeen[] = [];
  const sections = text.split(/^(?=\S[^\n]*platform:\s*$)/m);
  for (const section of sections) {
    const platform = /^(\S[^\n]*) platform:\s*$/m.exec(section)?.[1]?.trim();
    if (!platform) continue;
    const vendor = /EGL vendor string:\s*(.+)$/m.exec(section)?.[1]?.trim();
    const driver = /EGL driver name:\s*(.+)$/m.exec(section)?.[1]?.trim();
    const renderer = /renderer(?: string)?:\s*(.+)$/im.exec(section)?.[1]?.trim();
    const parts = [renderer, driver ? `driver ${driver}` : undefined, vendor ? `vendor ${vendor}` : undefined].filter((p): p is string => p !== undefined);
    if (parts.length > 0) out.push(seen(`EGL ${platform}`, parts.join(', ')));
  }
  return out;
}

/** `vulkaninfo --summary`: per device, "deviceName = …" and "deviceType = PHYSICAL_DEVICE_TYPE_…". */
export function parseVulkaninfo(text: string): RendererSeen[] {
  const out: RendererSeen[] = [];
  for (const block of text.split(/^(?=GPU\d+:)/m)) {
    const id = /^(GPU\d+):/m.exec(block)?.[1];
    const name = /deviceName\s*=\s*(.+)$/m.exec(block)?.[1]?.trim();
    const type = /deviceType\s*=\s*(\S+)/m.exec(block)?.[1]?.trim();
    if (!id || !name) continue;
    const description = type ? `${name} (${type})` : name;
    out.push({ path: `Vulkan ${id}`, renderer: description, classification: type === 'PHYSICAL_DEVICE_TYPE_CPU' ? 'software' : classifyRenderer(description) });
  }
  return out;
}

/** `nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader`. */
export function parseNvidiaSmi(text: string): RendererSeen[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line, i) => ({ path: `nvidia-smi GPU${i}`, renderer: line, classification: 'gpu' as const }));
}

async function report(tool: string, args: readonly string[], parse: (text: string) => RendererSeen[], needsDisplay = false): Promise<ToolReport> {
  if (needsDisplay && !process.env.DISPLAY) return { tool, available: false, reason: 'not run: DISPLAY is unset', renderers: [] };
  const run = await runTool(tool, args);
  if (!run.ok) return { tool, available: false, reason: run.reason, renderers: [] };
  const renderers = parse(run.stdout);
  return renderers.length > 0 ? { tool, available: true, renderers } : { tool, available: false, reason: 'ran but printed no renderer', renderers: [] };
}

/** Every system tool's view, run one after another (each takes well under a second). */
export async function systemRenderers(): Promise<ToolReport[]> {
  return [
    await report('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], parseNvidiaSmi),
    await report('glxinfo', ['-B'], parseGlxinfo, true),
    await report('eglinfo', ['-B'], parseEglinfo),
    await report('vulkaninfo', ['--summary'], parseVulkaninfo),
  ];
}
