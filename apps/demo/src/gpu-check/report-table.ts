/** The check's short text report: renderers, conformance, and one table of samples/s. */
import { formatColumns, thousands } from '../output.js';
import type { CheckDocument } from './run-check.js';

function rendererLines(doc: CheckDocument): string[] {
  const gl = doc.renderers.headlessgl;
  const webgpu = doc.renderers.webgpu;
  const lines = [
    `headless GL (gpu.js)  ${gl.ok ? `${gl.renderer} — ${gl.label}${gl.classification === 'software' ? ' (not a GPU)' : ''}` : `unavailable: ${gl.reason}`}`,
    `WebGPU (Node)         ${webgpu.ok ? (webgpu.adapter ? `${webgpu.adapter.vendor} ${webgpu.adapter.architecture} ${webgpu.adapter.device} ${webgpu.adapter.description}`.trim() : (webgpu.note ?? 'no adapter')) : `not available: ${webgpu.reason}`}`,
  ];
  for (const tool of doc.renderers.tools) {
    if (!tool.available) lines.push(`${tool.tool.padEnd(22)}${tool.reason ?? 'not available'}`);
    else for (const r of tool.renderers) lines.push(`${r.path.padEnd(22)}${r.renderer}${r.classification === 'software' ? ' — software renderer' : ''}`);
  }
  return lines;
}

export function formatCheck(doc: CheckDocument, outFile: string): string {
  const c = doc.conformance;
  const table = formatColumns(
    [
      ['workload', 'backend', 'runs on', 'samples/s', 'ms/step', 'GFLOP/s', 'vs js'],
      ...doc.rows.map((r) => [
        r.workload,
        r.backend,
        r.runsOn,
        r.samplesPerSecond >= 100 ? thousands(r.samplesPerSecond) : r.samplesPerSecond.toPrecision(3),
        r.msPerStep.toPrecision(3),
        r.gflops.toFixed(2),
        r.ratioToJs === null ? '-' : `${r.ratioToJs.toFixed(2)}×`,
      ]),
    ],
    new Set([3, 4, 5, 6]),
  );
  return [
    `gpu-check (${doc.mode}) on ${doc.machine.cpu}, ${doc.machine.cores} cores, Node ${doc.machine.node}, DISPLAY=${doc.display ?? '(unset)'}`,
    '',
    ...rendererLines(doc),
    '',
    `conformance gpujs/headlessgl (${doc.headlessglRunsOn}): ${c.ran ? `${c.passed} passed, ${c.failed} failed` : 'did not run'} in ${c.seconds.toFixed(1)} s${c.problems.length ? `\n  ${c.problems.join('\n  ')}` : ''}`,
    '',
    doc.rows.length > 0 ? table : '(no bench figures)',
    ...doc.notRun.map((n) => `not measured: ${n.backend} on ${n.workload}: ${n.reason}`),
    ...doc.disagreements.map((d) => `WARNING ${d}`),
    '',
    doc.crossoverWidth === null
      ? `crossover: gpujs/headlessgl (${doc.headlessglRunsOn}) beats no CPU backend at any sweep width measured`
      : `crossover: gpujs/headlessgl (${doc.headlessglRunsOn}) beats every CPU backend from width ${doc.crossoverWidth}`,
    `total     ${doc.totalSeconds.toFixed(1)} s (budget ${doc.budgetSeconds} s)`,
    `results   ${outFile}`,
  ].join('\n');
}
