/**
 * The whole check: renderers, the headless GL conformance run, then `backprop bench` on the
 * plan's workloads and width sweep for each backend, within the plan's time budget. Work that
 * the budget leaves no time for is listed with that reason, never dropped silently.
 */
import { describeMachine, type MachineDescription } from '../machine.js';
import { runBenchOnce } from './bench-run.js';
import { runHeadlessGlConformance, type ConformanceOutcome } from './conformance-run.js';
import { rendererLabel } from './classify-renderer.js';
import { CHECK_BACKENDS, type CheckBackend, type CheckPlan, type RunsOn } from './plan.js';
import { probeRenderers, type RendererReport } from './renderers.js';

export interface CheckRow {
  readonly backend: string;
  readonly engine: string;
  /** 'CPU', 'software renderer', 'GPU' or 'unknown renderer': never 'GPU' for llvmpipe. */
  readonly runsOn: string;
  readonly workload: string;
  /** The sweep's hidden width, or null for a standard workload. */
  readonly width: number | null;
  readonly samplesPerSecond: number;
  readonly msPerStep: number;
  readonly gflops: number;
  readonly finalLoss: number;
  /** samples/s over backend-js's on the same workload, when js ran it. */
  readonly ratioToJs: number | null;
}

export interface CheckDocument {
  readonly command: 'gpu-check';
  readonly mode: CheckPlan['mode'];
  readonly date: string;
  readonly machine: MachineDescription;
  readonly display: string | null;
  readonly renderers: RendererReport;
  /** The headless GL path in one word for tables: 'GPU', 'software renderer', 'unknown renderer' or 'unavailable'. */
  readonly headlessglRunsOn: string;
  readonly conformance: ConformanceOutcome;
  readonly plan: CheckPlan;
  readonly backends: readonly CheckBackend[];
  readonly rows: readonly CheckRow[];
  readonly notRun: readonly { backend: string; workload: string; reason: string }[];
  readonly disagreements: readonly string[];
  /** The smallest sweep width where a GPU path (gpujs/headlessgl today) beats every CPU backend measured, or null. */
  readonly crossoverWidth: number | null;
  readonly budgetSeconds: number;
  readonly totalSeconds: number;
}

const JS_LABEL = 'js';

/** bench labels js/float32 as plain 'js' and every other backend as backend/variant. */
function choiceOfLabel(label: string): string {
  return label === JS_LABEL ? 'js/float32' : label;
}

/** The table's word for what a row ran on: 'CPU', or the class of the renderer its GPU API got here. */
function runsOnLabel(runsOn: RunsOn, renderers: RendererReport): string {
  switch (runsOn) {
    case 'cpu':
      return 'CPU';
    case 'headless-gl':
      return renderers.headlessgl.label;
    case 'webgpu':
      return renderers.webgpu.ok && renderers.webgpu.adapter ? rendererLabel(renderers.webgpu.classification) : 'unavailable';
    case 'webgl':
      // Browsers only: gpu-check runs in Node, so no compared variant computes on WebGL.
      return 'unavailable';
  }
}

/** Why the WebGPU probe found no adapter here, or null when it found one. */
function webgpuMissing(renderers: RendererReport): string | null {
  const w = renderers.webgpu;
  if (!w.ok) return w.reason;
  return w.adapter === null ? (w.note ?? 'requestAdapter() gave none') : null;
}

/** The smallest sweep width where a GPU path beats every CPU backend measured there, or null. */
function crossover(rows: readonly CheckRow[], widths: readonly number[]): number | null {
  for (const width of widths) {
    const at = rows.filter((r) => r.width === width);
    const cpu = at.filter((r) => r.runsOn === 'CPU');
    const gpu = at.filter((r) => r.runsOn !== 'CPU');
    if (cpu.length > 0 && gpu.some((g) => cpu.every((r) => g.samplesPerSecond > r.samplesPerSecond))) return width;
  }
  return null;
}

export async function runCheck(plan: CheckPlan, note: (line: string) => void): Promise<CheckDocument> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const remaining = (): number => plan.budgetSeconds - elapsed();

  note(`gpu-check (${plan.mode}): renderers…`);
  const renderers = await probeRenderers();
  const headlessglRunsOn = renderers.headlessgl.label;
  note(`  headless GL: ${renderers.headlessgl.ok ? `${renderers.headlessgl.renderer} → ${headlessglRunsOn}` : `unavailable: ${renderers.headlessgl.reason}`}`);

  // A WebGPU variant with no WebGPU adapter here is listed once with the probe's reason, not started per workload.
  const noWebgpu = webgpuMissing(renderers);
  const backends = CHECK_BACKENDS.filter((b) => b.runsOn !== 'webgpu' || noWebgpu === null);
  const notRun: { backend: string; workload: string; reason: string }[] = CHECK_BACKENDS.filter((b) => !backends.includes(b)).map((b) => ({
    backend: b.choice,
    workload: '*',
    reason: `no WebGPU adapter here: ${noWebgpu ?? ''}`,
  }));

  note(`gpu-check: conformance of gpujs/headlessgl (${plan.conformanceFilter})…`);
  const conformance = await runHeadlessGlConformance(plan.conformanceFilter, Math.max(10, Math.min(plan.conformanceSeconds, remaining())));
  note(`  ${conformance.passed} passed, ${conformance.failed} failed in ${conformance.seconds.toFixed(1)} s${conformance.problems.length ? `: ${conformance.problems.slice(0, 3).join('; ')}` : ''}`);

  const runsOnOf = (choice: string): string => runsOnLabel(backends.find((b) => b.choice === choice)?.runsOn ?? 'cpu', renderers);
  const calls = [
    ...plan.workloads.map((w) => ({ label: w.name, width: null, workload: w.name, samples: w.samples })),
    ...plan.widths.map((w) => ({ label: `sweep ${w}-${w}-10`, width: w, layers: `${w}-${w}-10`, batchSize: plan.sweepBatch, samples: plan.sweepSamples })),
  ];
  const rows: CheckRow[] = [];
  const disagreements: string[] = [];
  for (const call of calls) {
    // Each backend process gets its usual limit, or its share of what is left of the budget.
    const perBackend = Math.floor(Math.min(plan.backendTimeoutSeconds, remaining() / backends.length));
    if (perBackend < 5) {
      for (const b of backends) notRun.push({ backend: b.choice, workload: call.label, reason: `the check's ${plan.budgetSeconds} s budget was spent` });
      continue;
    }
    const result = await runBenchOnce({ ...call, backends: backends.map((b) => b.choice), runs: plan.runs, maxRunSeconds: plan.maxRunSeconds, timeoutSeconds: perBackend });
    for (const r of result.rows) {
      const backend = choiceOfLabel(r.backend);
      rows.push({
        backend,
        engine: r.engine,
        runsOn: runsOnOf(backend),
        workload: call.label,
        width: call.width,
        samplesPerSecond: r.samplesPerSecond,
        msPerStep: r.msPerStep,
        gflops: r.gflops,
        finalLoss: r.finalLoss,
        ratioToJs: r.ratioToBaseline,
      });
    }
    for (const m of result.missing) notRun.push({ backend: choiceOfLabel(m.backend), workload: call.label, reason: m.reason });
    disagreements.push(...result.disagreements);
    note(`  ${call.label}: ${result.rows.map((r) => `${r.backend} ${Math.round(r.samplesPerSecond)}/s`).join(', ') || 'no figures'} (${elapsed().toFixed(0)} s)`);
  }

  return {
    command: 'gpu-check',
    mode: plan.mode,
    date: new Date().toISOString(),
    machine: describeMachine(),
    display: process.env.DISPLAY ?? null,
    renderers,
    headlessglRunsOn,
    conformance,
    plan,
    backends,
    rows,
    notRun,
    disagreements,
    crossoverWidth: crossover(rows, plan.widths),
    budgetSeconds: plan.budgetSeconds,
    totalSeconds: elapsed(),
  };
}
