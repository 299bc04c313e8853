/**
 * The default backend of `train`: the fastest of the CPU engines here for this network, measured
 * in this process within a budget of about 2 s (two warm-up steps and three timed steps of the
 * real shape and batch size on each candidate, in a fixed order; none is started after 2 s), checked against backend-js's loss from the same seed, and
 * cached per machine, shape and batch size (so later runs start at once). `--backend tfjs`
 * without an engine uses the same measurement over tfjs's engines. `--backend auto` is the
 * thorough version: every backend, GPU paths included, each in its own process.
 */
import { createHash } from 'node:crypto';
import { createNetwork, fit, type Backend, type NetworkSpec } from '@backprop/core';
import { workloadData } from '@backprop/conformance/bench';
import { BASELINE_BACKEND, choiceLabel, closeBackend, createBackend, findBackendEntry, type BackendChoice } from '../backends.js';
import { CliError } from '../errors.js';
import { defaultCacheDir, describeMachine, machineFingerprint } from '../machine.js';
import { cacheFilePath, readDecision, writeDecision } from './decision-cache.js';
import { LOSS_TOLERANCE } from './choose-backend.js';

/**
 * The default's candidates, in the order they are measured: backend-js (the loss reference),
 * backend-wasm, then tfjs's WebAssembly and native engines (the native one last: loading
 * libtensorflow alone takes seconds).
 */
export const FASTEST_CANDIDATES: readonly BackendChoice[] = [
  { backend: 'js', variant: 'float32' },
  { backend: 'wasm', variant: 'auto' },
  { backend: 'tfjs', variant: 'wasm' },
  { backend: 'tfjs', variant: 'tensorflow' },
];

/** No candidate is started after this many seconds of measuring: the best one measured wins (and is cached). */
export const MEASURE_BUDGET_SECONDS = 2;

/** tfjs's engines that run in Node, for `--backend tfjs` without --engine. */
export const TFJS_CANDIDATES: readonly BackendChoice[] = [
  { backend: 'tfjs', variant: 'wasm' },
  { backend: 'tfjs', variant: 'tensorflow' },
  { backend: 'tfjs', variant: 'cpu' },
];

export interface QuickMeasurement {
  readonly choice: string;
  /** Seconds this candidate's measurement took, loading it included. */
  readonly seconds: number;
  readonly samplesPerSecond?: number;
  readonly lossDifference?: number;
  /** Why it was not chosen: unavailable here, too slow to finish its steps, or a loss that disagrees. */
  readonly reason?: string;
}

export interface QuickDecision {
  readonly choice: BackendChoice;
  readonly measurements: readonly QuickMeasurement[];
  /** Seconds the measurement took (of the run that measured, when cached). */
  readonly seconds: number;
  readonly measuredAt: string;
  readonly cached: boolean;
  readonly cacheFile: string;
}

const WARMUP_STEPS = 2;
const TIMED_STEPS = 3;
/**
 * A candidate whose warm-up takes longer than this many times the fastest warm-up so far (and
 * over 0.3 s) is not timed further: it cannot win. backend-js, the reference of the loss check,
 * is always timed.
 */
const WARMUP_SLOWER_LIMIT = 3;

async function timeCandidate(backend: Backend, network: NetworkSpec, batchSize: number, warmLimit: number): Promise<{ samplesPerSecond: number; loss: number; warm: number } | { slow: number }> {
  const workload = { name: 'default', description: '', network: { ...network, seed: 42 }, optimizer: { kind: 'sgd', lr: 0.01 } as const, batchSize, samples: batchSize * TIMED_STEPS };
  const { x, y } = workloadData(workload, batchSize * TIMED_STEPS);
  const rows = batchSize * WARMUP_STEPS;
  const head = (m: { data: ArrayLike<number>; cols: number }): { data: Float64Array; rows: number; cols: number } => ({ data: Float64Array.from({ length: rows * m.cols }, (_, i) => m.data[i]!), rows, cols: m.cols });
  const net = createNetwork(backend, workload.network);
  try {
    const options = { epochs: 1, batchSize, optimizer: workload.optimizer, seed: 3, shuffle: false };
    let started = performance.now();
    await fit(net, head(x), head(y), options);
    const warm = (performance.now() - started) / 1000;
    if (warm > warmLimit) return { slow: warm };
    started = performance.now();
    const history = await fit(net, x, y, options);
    const seconds = (performance.now() - started) / 1000;
    return { samplesPerSecond: (batchSize * TIMED_STEPS) / seconds, loss: history.epochs[0]!.loss, warm };
  } finally {
    net.dispose();
  }
}

/** The fastest of `candidates` for `network` at `batchSize`, measured here (or cached). */
export async function chooseFastest(candidates: readonly BackendChoice[], network: NetworkSpec, batchSize: number, options: { cacheDir?: string; refresh?: boolean } = {}): Promise<QuickDecision> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const layers = network.layers.map((l) => `${l.units}${l.activation ?? 'relu'}`).join('-');
  const key = createHash('sha256')
    .update(JSON.stringify(['fastest', machineFingerprint(describeMachine()), network.inputSize, layers, network.loss ?? 'mse', batchSize, candidates.map(choiceLabel)]))
    .digest('hex')
    .slice(0, 24);
  if (!options.refresh) {
    const cached = readDecision<QuickDecision>(cacheDir, key);
    if (cached) return { ...cached, cached: true, cacheFile: cacheFilePath(cacheDir) };
  }
  const started = performance.now();
  const measured: { choice: BackendChoice; samplesPerSecond?: number; loss?: number; reason?: string; seconds: number }[] = [];
  let fastestWarm = Infinity;
  for (const choice of candidates) {
    const t0 = performance.now();
    const since = (): number => (performance.now() - t0) / 1000;
    if (!findBackendEntry(choice.backend)) continue;
    if ((performance.now() - started) / 1000 > MEASURE_BUDGET_SECONDS && measured.some((m) => m.loss !== undefined)) {
      measured.push({ choice, reason: `not measured: the ${MEASURE_BUDGET_SECONDS} s budget was spent (--backend auto measures every backend)`, seconds: 0 });
      continue;
    }
    let backend: Backend;
    try {
      backend = await createBackend(choice);
    } catch (error) {
      measured.push({ choice, reason: `unavailable here: ${(error as Error).message.split('\n')[0]!.slice(0, 100)}`, seconds: since() });
      continue;
    }
    try {
      const limit = choice.backend === BASELINE_BACKEND ? Infinity : Math.max(0.3, fastestWarm * WARMUP_SLOWER_LIMIT);
      const r = await timeCandidate(backend, network, batchSize, limit);
      if ('slow' in r) measured.push({ choice, reason: `too slow: its two warm-up steps took ${r.slow.toFixed(1)} s`, seconds: since() });
      else {
        fastestWarm = Math.min(fastestWarm, r.warm);
        measured.push({ choice, samplesPerSecond: r.samplesPerSecond, loss: r.loss, seconds: since() });
      }
    } catch (error) {
      measured.push({ choice, reason: `failed: ${(error as Error).message.split('\n')[0]!.slice(0, 100)}`, seconds: since() });
    } finally {
      closeBackend(backend);
    }
  }
  const reference = measured.find((m) => m.choice.backend === BASELINE_BACKEND && m.loss !== undefined)?.loss;
  const measurements: QuickMeasurement[] = measured.map((m) => {
    if (m.loss === undefined) return { choice: choiceLabel(m.choice), seconds: m.seconds, reason: m.reason ?? 'not measured' };
    const lossDifference = reference === undefined ? undefined : Math.abs(m.loss - reference) / Math.max(Math.abs(reference), 1e-12);
    const base = { choice: choiceLabel(m.choice), seconds: m.seconds, samplesPerSecond: m.samplesPerSecond!, ...(lossDifference !== undefined ? { lossDifference } : {}) };
    return lossDifference !== undefined && lossDifference > LOSS_TOLERANCE ? { ...base, reason: `its loss differs from ${BASELINE_BACKEND}'s by ${(lossDifference * 100).toFixed(1)}%` } : base;
  });
  const eligible = measurements.map((m, i) => ({ m, choice: measured[i]!.choice })).filter(({ m }) => m.reason === undefined);
  const best = eligible.sort((a, b) => b.m.samplesPerSecond! - a.m.samplesPerSecond!)[0];
  if (!best) throw new CliError('backendUnavailable', `no backend could train this network here: ${measurements.map((m) => `${m.choice}: ${m.reason}`).join('; ')}`, 'run `backprop doctor`');
  const decision: QuickDecision = { choice: best.choice, measurements, seconds: (performance.now() - started) / 1000, measuredAt: new Date().toISOString(), cached: false, cacheFile: cacheFilePath(cacheDir) };
  await writeDecision(cacheDir, key, decision);
  return decision;
}

/** One line for people: what was chosen and why. */
export function quickDecisionText(d: QuickDecision): string {
  const figures = d.measurements.map((m) => (m.samplesPerSecond !== undefined ? `${m.choice} ${Math.round(m.samplesPerSecond).toLocaleString('en-US')}/s${m.reason ? ` (${m.reason})` : ''}` : `${m.choice} ${m.reason}`)).join(', ');
  return `${choiceLabel(d.choice)}: the fastest here for this network (samples/s on its real shape and batch: ${figures}; measured in ${d.seconds.toFixed(1)} s${d.cached ? `, cached ${d.measuredAt} in ${d.cacheFile}; --refresh-auto to measure again` : ''})`;
}
