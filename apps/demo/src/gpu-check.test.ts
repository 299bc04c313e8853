/**
 * `scripts/gpu-check.sh --short`, the CI-sized GPU check, run as a user would (it wraps the built
 * CLI in xvfb-run when DISPLAY is unset). On CI the only renderer is Mesa's llvmpipe: the check
 * must say "software renderer" for it and never "GPU", and still produce the whole JSON shape.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRenderer } from './gpu-check/classify-renderer.js';
import { CHECK_BACKENDS, SHORT_PLAN } from './gpu-check/plan.js';
import type { CheckDocument } from './gpu-check/run-check.js';
import { REPO_ROOT } from './test-support/paths.js';
import { scratchDir } from './test-support/run-cli.js';

function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [join(REPO_ROOT, 'scripts/gpu-check.sh'), ...args], { encoding: 'utf8', maxBuffer: 32 * 2 ** 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('gpu-check --short (scripts/gpu-check.sh)', () => {
  it('reports the renderer, runs conformance and the bench, and writes one JSON document', async () => {
    const out = join(scratchDir(), 'gpu-check.json');
    const run = await runScript(['--short', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as CheckDocument;

    expect(doc.command).toBe('gpu-check');
    expect(doc.mode).toBe('short');
    expect(doc.totalSeconds).toBeLessThan(SHORT_PLAN.budgetSeconds + 30);

    // The renderer gpu.js's headless GL really gets (not gl's masked 'ANGLE'), and its class.
    const gl = doc.renderers.headlessgl;
    if (!gl.ok) throw new Error(`headless GL did not start: ${gl.reason}`);
    expect(gl.renderer).toMatch(/^ANGLE \(.+\)/);
    expect(gl.classification).toBe(classifyRenderer(gl.renderer));
    if (/llvmpipe|softpipe|swiftshader/i.test(gl.renderer)) {
      expect(gl.classification).toBe('software');
      expect(doc.headlessglRunsOn).toBe('software renderer');
      expect(run.stdout).toMatch(/headless GL \(gpu\.js\)\s+ANGLE .*llvmpipe.* — software renderer \(not a GPU\)/);
      expect(run.stdout).not.toMatch(/gpujs\/headlessgl\s+GPU/);
    }
    // WebGPU and each system tool report something: an adapter, or why there is none.
    expect(doc.renderers.webgpu.ok || doc.renderers.webgpu.reason.length > 0).toBe(true);
    for (const tool of doc.renderers.tools) expect(tool.available ? tool.renderers.length > 0 : (tool.reason ?? '').length > 0, tool.tool).toBe(true);

    expect(doc.conformance).toMatchObject({ backend: 'gpujs/headlessgl', ran: true, failed: 0 });
    expect(doc.conformance.passed).toBeGreaterThanOrEqual(2);

    // A row with samples/s for every backend on every standard workload and sweep width; only a
    // WebGPU variant may instead be listed as not run, with the reason, where there is no adapter.
    const missing: string[] = [];
    for (const b of CHECK_BACKENDS) {
      if (b.runsOn === 'webgpu' && doc.notRun.some((n) => n.backend === b.choice && n.workload === '*' && n.reason.startsWith('no WebGPU adapter here: '))) continue;
      for (const w of SHORT_PLAN.workloads) if (!doc.rows.some((r) => r.backend === b.choice && r.workload === w.name)) missing.push(`${b.choice} ${w.name}`);
      for (const width of SHORT_PLAN.widths) if (!doc.rows.some((r) => r.backend === b.choice && r.width === width)) missing.push(`${b.choice} width ${width}`);
    }
    expect(missing, JSON.stringify(doc.notRun, null, 2)).toEqual([]);
    for (const r of doc.rows) {
      expect(r.samplesPerSecond, `${r.backend} ${r.workload}`).toBeGreaterThan(0);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
      const runsOn = CHECK_BACKENDS.find((b) => b.choice === r.backend)?.runsOn;
      if (runsOn === 'cpu') expect(r.runsOn).toBe('CPU');
      if (runsOn === 'headless-gl') expect(r.runsOn).toBe(doc.headlessglRunsOn);
      if (r.width !== null) expect(r.workload).toBe(`sweep ${r.width}-${r.width}-10`);
    }
    expect(doc.rows.filter((r) => r.backend === 'js/float32').every((r) => r.ratioToJs === 1)).toBe(true);
    expect(run.stdout).toMatch(/workload\s+backend\s+runs on\s+samples\/s/);
  });
});
