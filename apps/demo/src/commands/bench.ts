/**
 * `backprop bench`: the foundation's four workloads (plus any --layers shapes) on every backend ×
 * variant available here, each backend in its own process, warm-up then timed runs; a table
 * (median samples/s, ms per step, GFLOP/s, ratio to backend-js, final loss), JSON results and a
 * chart. Every backend runs the same samples from the same seed, so final losses compare.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '@backprop/core/node';
import { formatTrainingTable, WORKLOADS, type TrainingBenchResult, type Workload, type WorkloadName } from '@backprop/conformance/bench';
import { Command } from 'commander';
import { allChoices, BASELINE_BACKEND, choiceLabel, findBackendEntry, type BackendChoice } from '../backends.js';
import { benchChartSpec } from '../charts/bench-chart.js';
import { writeSvg } from '../charts/render-svg.js';
import { runChild } from '../child/run-child.js';
import type { BenchAnswer, BenchPlan, WorkloadOutcome } from '../child/protocol.js';
import { usageError } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { describeMachine } from '../machine.js';
import { parseShape } from '../network-options.js';
import { createOutput } from '../output.js';
import { commaList, positiveInt, positiveNumber } from './options.js';

interface BenchFlags {
  readonly backends?: string[];
  readonly workloads?: string[];
  readonly layers?: string[];
  readonly batchSize: number;
  readonly samples?: number;
  readonly runs: number;
  readonly maxRunSeconds: number;
  readonly timeout: number;
  readonly out: string;
  readonly chart: string;
  readonly json?: boolean;
}

/** Final losses within this relative distance of backend-js's count as agreeing. */
const AGREEMENT = 0.02;
/**
 * A workload with only a few steps an epoch (xor: one) repeats its epoch in each timed run, or
 * timer noise would dominate. The count is fixed per workload, never per backend, so every
 * backend trains the same steps and final losses compare.
 */
const FEW_STEPS = 8;
const STEPS_PER_SHORT_RUN = 64;

function customWorkload(shape: number[], batchSize: number, samples: number): Workload {
  const outputs = shape[shape.length - 1]!;
  const classify = outputs > 1;
  return {
    name: `custom ${shape.join('-')}`,
    description: `${shape.join('-')} ReLU, ${classify ? 'softmax cross-entropy' : 'MSE'}, SGD lr 0.01, batch ${batchSize}`,
    network: {
      inputSize: shape[0]!,
      layers: [...shape.slice(1, -1).map((units) => ({ units, activation: 'relu' as const })), { units: outputs, activation: classify ? 'softmax' : 'linear' }],
      loss: classify ? 'softmaxCrossEntropy' : 'mse',
      seed: 42,
    },
    optimizer: { kind: 'sgd', lr: 0.01 },
    batchSize,
    samples,
  };
}

function plansFrom(flags: BenchFlags): BenchPlan[] {
  const names = flags.workloads ?? Object.keys(WORKLOADS);
  const unknown = names.filter((n) => !(n in WORKLOADS) && n !== 'none');
  if (unknown.length > 0) throw usageError(`unknown workload '${unknown[0]}'`, `choose from ${Object.keys(WORKLOADS).join(', ')} (or none, with --layers)`);
  const workloads = names.filter((n) => n !== 'none').map((n) => WORKLOADS[n as WorkloadName]);
  for (const text of flags.layers ?? []) workloads.push(customWorkload(parseShape(text), flags.batchSize, flags.samples ?? 4096));
  if (workloads.length === 0) throw usageError('no workloads to run', 'drop --workloads none, or add --layers 784-512-10');
  return workloads.map((workload) => {
    const samples = flags.samples ?? workload.samples;
    const stepsPerEpoch = Math.ceil(samples / workload.batchSize);
    return { workload, samples, epochsPerRun: stepsPerEpoch < FEW_STEPS ? Math.ceil(STEPS_PER_SHORT_RUN / stepsPerEpoch) : 1 };
  });
}

/** Default: every variant Node runs. A backend named alone means its Node variants; a named browser-only variant is tried and reported unavailable with the reason. */
function choicesFrom(filter: string[] | undefined): BackendChoice[] {
  const inNode = allChoices();
  if (!filter) return inNode;
  const all = allChoices('any');
  return filter.flatMap((item) => {
    const [name, variant] = item.split('/', 2) as [string, string | undefined];
    const entry = findBackendEntry(name);
    if (!entry) throw usageError(`unknown backend '${name}' in --backends`, `choose from ${[...new Set(all.map((c) => c.backend))].join(', ')}`);
    if (variant !== undefined && !entry.variants.includes(variant)) throw usageError(`backend ${name} has no ${entry.option} '${variant}'`, `choose one of ${entry.variants.join(', ')}`);
    return variant === undefined ? inNode.filter((c) => c.backend === name) : all.filter((c) => c.backend === name && c.variant === variant);
  });
}

interface BackendRun {
  readonly choice: BackendChoice;
  readonly engine?: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly fix?: string;
  readonly seconds: number;
  readonly outcomes: readonly WorkloadOutcome[];
}

/** Each result, labelled by backend/variant so js/float32 and js/float64 stay apart in the table. */
function labelled(runs: readonly BackendRun[]): TrainingBenchResult[] {
  return runs.flatMap((run) =>
    run.outcomes.flatMap((o) => (o.status === 'ok' ? [{ ...o.result, backend: run.choice.backend === BASELINE_BACKEND && run.choice.variant === 'float32' ? BASELINE_BACKEND : choiceLabel(run.choice) }] : [])),
  );
}

function disagreements(results: readonly TrainingBenchResult[]): string[] {
  return results.flatMap((r) => {
    const base = results.find((b) => b.workload === r.workload && b.backend === BASELINE_BACKEND);
    if (!base || r === base) return [];
    const diff = Math.abs(r.finalLoss - base.finalLoss) / Math.max(Math.abs(base.finalLoss), 1e-12);
    return diff > AGREEMENT ? [`${r.backend} on ${r.workload}: final loss ${r.finalLoss.toPrecision(4)} differs from ${BASELINE_BACKEND}'s ${base.finalLoss.toPrecision(4)} by ${(diff * 100).toFixed(1)}%`] : [];
  });
}

export async function runBench(flags: BenchFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const plans = plansFrom(flags);
  const choices = choicesFrom(flags.backends);
  const outPath = resolve(flags.out);
  const chartPath = resolve(flags.chart);
  for (const path of [outPath, chartPath]) ensureParentDirectory(path);
  const started = performance.now();
  const runs: BackendRun[] = [];
  output.note(`bench: ${plans.map((p) => p.workload.name).join(', ')} on ${choices.length} backend variants, one process each (${flags.runs} timed runs after a warm-up)`);
  for (const choice of choices) {
    const t0 = performance.now();
    const answer = await runChild<BenchAnswer>({ kind: 'bench', choice, plans, runs: flags.runs, maxRunSeconds: flags.maxRunSeconds }, flags.timeout);
    const seconds = (performance.now() - t0) / 1000;
    if (!answer.ok) {
      runs.push({ choice, available: false, reason: answer.reason, fix: answer.fix, seconds, outcomes: [] });
      output.note(`  ${choiceLabel(choice).padEnd(16)} unavailable: ${answer.reason}`);
      continue;
    }
    runs.push({ choice, engine: answer.info.engine, available: true, seconds, outcomes: answer.outcomes });
    const summary = answer.outcomes.map((o) => (o.status === 'ok' ? `${o.workload} ${Math.round(o.result.samplesPerSecond)}/s` : `${o.workload} ${o.status}`)).join(', ');
    output.note(`  ${choiceLabel(choice).padEnd(16)} ${seconds.toFixed(1)} s: ${summary}`);
  }
  const results = labelled(runs);
  const totalSeconds = (performance.now() - started) / 1000;
  const warnings = disagreements(results);
  const baseOf = (r: TrainingBenchResult): TrainingBenchResult | undefined => results.find((b) => b.workload === r.workload && b.backend === BASELINE_BACKEND);
  const document = {
    command: 'bench',
    machine: describeMachine(),
    date: new Date().toISOString(),
    settings: { runs: flags.runs, maxRunSeconds: flags.maxRunSeconds, workloads: plans.map((p) => ({ name: p.workload.name, description: p.workload.description, samples: p.samples, epochsPerRun: p.epochsPerRun, batchSize: p.workload.batchSize })) },
    results: results.map((r) => ({ ...r, ratioToBaseline: baseOf(r) ? r.samplesPerSecond / baseOf(r)!.samplesPerSecond : null })),
    skipped: runs.flatMap((run) => run.outcomes.filter((o) => o.status !== 'ok').map((o) => ({ backend: choiceLabel(run.choice), ...o }))),
    unavailable: runs.filter((r) => !r.available).map((r) => ({ backend: choiceLabel(r.choice), reason: r.reason, fix: r.fix })),
    disagreements: warnings,
    totalSeconds,
    resultsFile: outPath,
    chart: chartPath,
  };
  await writeFileAtomic(outPath, JSON.stringify(document, null, 2) + '\n');
  const chartRows = results.map((r) => ({ workload: r.workload, backend: r.backend, samplesPerSecond: r.samplesPerSecond, ratioToBaseline: baseOf(r) ? r.samplesPerSecond / baseOf(r)!.samplesPerSecond : undefined }));
  await writeSvg(chartPath, benchChartSpec(`training speed by backend (${describeMachine().cores} cores)`, chartRows));
  const human = [
    results.length > 0 ? formatTrainingTable(results, BASELINE_BACKEND) : '(no results)',
    ...document.skipped.map((s) => `${s.backend} ${s.workload}: ${s.status}: ${'reason' in s ? s.reason : ''}`),
    ...document.unavailable.map((u) => `${u.backend}: unavailable: ${u.reason}\n    fix: ${u.fix}`),
    ...warnings.map((w) => `WARNING ${w}`),
    '',
    `total     ${totalSeconds.toFixed(1)} s`,
    `results   ${outPath}`,
    `chart     ${chartPath}`,
  ].join('\n');
  output.result(document, human);
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('time training on the standard workloads on every backend and variant available here, one process each; print a table, write JSON results and a chart')
    .option('--backends <list>', 'only these, comma-separated: js, tfjs, gpujs/cpu, … (default: all)', commaList)
    .option('--workloads <list>', `standard workloads, comma-separated: ${Object.keys(WORKLOADS).join(', ')}, or none (default: all)`, commaList)
    .option('--layers <shape...>', 'extra workloads of these shapes, input first, e.g. 784-512-10')
    .option('--batch-size <n>', 'batch size of the --layers workloads', positiveInt, 64)
    .option('--samples <n>', "samples per epoch (default: each workload's own)", positiveInt)
    .option('--runs <n>', 'timed runs after the warm-up; the median is reported', positiveInt, 3)
    .option('--max-run-seconds <s>', 'skip a workload on a backend where one run would take longer than this', positiveNumber, 8)
    .option('--timeout <s>', 'stop a backend whose process takes longer than this in all', positiveInt, 150)
    .option('--out <file>', 'JSON results', 'bench-results/bench.json')
    .option('--chart <file>', 'chart of the results (SVG)', 'bench-results/bench.svg')
    .option('--json', 'print one JSON document on stdout')
    .action((flags: BenchFlags) => runBench(flags));
}

