/**
 * chooseBackend: for a network shape and batch size, measure every backend available here on a
 * short run of exactly that shape, and pick the fastest one that (a) no conformance report marks
 * as failing and (b) agrees with backend-js: from the same seed, on the same data, after the same
 * steps, its loss is within 2% of js's. A fast but wrong engine is never chosen.
 *
 * Decisions are cached per machine and shape (see decision-cache.ts); `refresh` measures again.
 */
import { createHash } from 'node:crypto';
import type { NetworkSpec } from '@backprop/core';
import type { Workload } from '@backprop/conformance/bench';
import { allChoices, BACKENDS, BASELINE_BACKEND, choiceLabel, type BackendChoice } from '../backends.js';
import { runChild } from '../child/run-child.js';
import type { BenchAnswer } from '../child/protocol.js';
import { conformanceVerdict, findConformanceStatuses } from '../conformance-report.js';
import { CliError } from '../errors.js';
import { defaultCacheDir, describeMachine, machineFingerprint, type MachineDescription } from '../machine.js';
import { cacheFilePath, readDecision, writeDecision } from './decision-cache.js';

export interface ChooseBackendOptions {
  /** The network to train; only its shape (sizes, activations, loss) matters. */
  readonly network: NetworkSpec;
  readonly batchSize: number;
  /** Default: every backend × variant in the registry, except js's float64 reference mode. */
  readonly candidates?: readonly BackendChoice[];
  /** Default: BACKPROP_CACHE_DIR, else ~/.cache/backprop. */
  readonly cacheDir?: string;
  /** Measure again even when a decision is cached. */
  readonly refresh?: boolean;
  /** Training steps per timed run; default 8. */
  readonly steps?: number;
  /** Progress lines (one per candidate). */
  readonly onProgress?: (line: string) => void;
}

export interface CandidateMeasurement {
  readonly backend: string;
  readonly variant: string;
  readonly engine?: string;
  readonly available: boolean;
  readonly samplesPerSecond?: number;
  readonly msPerStep?: number;
  readonly finalLoss?: number;
  /** |loss − js loss| / |js loss|. */
  readonly lossDifference?: number;
  readonly conformance?: 'passed' | 'failed' | 'no report';
  readonly eligible: boolean;
  /** Why it is not eligible or not available. */
  readonly reason?: string;
}

export interface BackendDecision {
  readonly choice: BackendChoice;
  readonly shape: string;
  readonly batchSize: number;
  readonly measurements: readonly CandidateMeasurement[];
  readonly machine: MachineDescription;
  readonly measuredAt: string;
  /** True when this decision came from the cache. */
  readonly cached: boolean;
  readonly cacheFile: string;
}

/** Loss agreement with backend-js that a candidate needs. */
export const LOSS_TOLERANCE = 0.02;

function shorten(text: string): string {
  return text.length > 120 ? text.slice(0, 119) + '…' : text;
}

function shapeKey(network: NetworkSpec): string {
  const layers = network.layers.map((l) => `${l.units}${l.activation ?? 'relu'}`).join('-');
  return `${network.inputSize}-${layers}:${network.loss ?? 'mse'}`;
}

function defaultCandidates(): BackendChoice[] {
  return allChoices().filter((c) => !(c.backend === BASELINE_BACKEND && c.variant === 'float64'));
}

function workloadFor(network: NetworkSpec, batchSize: number, steps: number): Workload {
  return {
    name: 'auto',
    description: 'the network to train, briefly',
    network: { ...network, seed: 42 },
    // A small SGD step: stable on any shape, so losses compare across backends.
    optimizer: { kind: 'sgd', lr: 0.01 },
    batchSize,
    samples: batchSize * steps,
  };
}

async function measureCandidate(choice: BackendChoice, workload: Workload): Promise<Omit<CandidateMeasurement, 'eligible' | 'lossDifference' | 'conformance'>> {
  const answer = await runChild<BenchAnswer>({ kind: 'bench', choice, plans: [{ workload, samples: workload.samples, epochsPerRun: 1 }], runs: 3, maxRunSeconds: 5 }, 120);
  const base = { backend: choice.backend, variant: choice.variant };
  if (!answer.ok) return { ...base, available: false, reason: answer.reason };
  const outcome = answer.outcomes[0]!;
  if (outcome.status !== 'ok') return { ...base, engine: answer.info.engine, available: true, reason: outcome.reason };
  const r = outcome.result;
  return { ...base, engine: answer.info.engine, available: true, samplesPerSecond: r.samplesPerSecond, msPerStep: r.msPerStep, finalLoss: r.finalLoss };
}

export async function chooseBackend(options: ChooseBackendOptions): Promise<BackendDecision> {
  const candidates = options.candidates ?? defaultCandidates();
  const machine = describeMachine();
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const shape = shapeKey(options.network);
  const key = createHash('sha256')
    .update(JSON.stringify([machineFingerprint(machine), shape, options.batchSize, candidates.map(choiceLabel)]))
    .digest('hex')
    .slice(0, 24);
  if (!options.refresh) {
    const cached = readDecision<BackendDecision>(cacheDir, key);
    if (cached) return { ...cached, cached: true, cacheFile: cacheFilePath(cacheDir) };
  }

  const workload = workloadFor(options.network, options.batchSize, options.steps ?? 8);
  const raw: Omit<CandidateMeasurement, 'eligible' | 'lossDifference' | 'conformance'>[] = [];
  for (const choice of candidates) {
    const m = await measureCandidate(choice, workload);
    options.onProgress?.(
      m.samplesPerSecond !== undefined
        ? `auto: ${choiceLabel(choice)} ${Math.round(m.samplesPerSecond)} samples/s`
        : `auto: ${choiceLabel(choice)} ${m.available ? 'failed' : 'unavailable'}: ${shorten(m.reason ?? '')}`,
    );
    raw.push(m);
  }
  const statuses = findConformanceStatuses(BACKENDS);
  const reference = raw.find((m) => m.backend === BASELINE_BACKEND && m.finalLoss !== undefined)?.finalLoss;
  const measurements: CandidateMeasurement[] = raw.map((m) => {
    if (m.finalLoss === undefined) return { ...m, eligible: false };
    const conformance = conformanceVerdict(statuses, m.backend, m.engine ?? m.variant);
    const lossDifference = reference === undefined ? undefined : Math.abs(m.finalLoss - reference) / Math.max(Math.abs(reference), 1e-12);
    if (conformance === 'failed') return { ...m, conformance, lossDifference, eligible: false, reason: 'its conformance report has failing cases' };
    if (lossDifference !== undefined && lossDifference > LOSS_TOLERANCE) {
      return { ...m, conformance, lossDifference, eligible: false, reason: `its loss differs from ${BASELINE_BACKEND}'s by ${(lossDifference * 100).toFixed(1)}%` };
    }
    return { ...m, conformance, lossDifference, eligible: true };
  });
  const best = measurements.filter((m) => m.eligible).sort((a, b) => b.samplesPerSecond! - a.samplesPerSecond!)[0];
  if (!best) {
    throw new CliError('backendUnavailable', `no backend could train a ${shape} network here: ${measurements.map((m) => `${m.backend}/${m.variant}: ${m.reason ?? 'not eligible'}`).join('; ')}`, 'run `backprop doctor`');
  }
  const decision: BackendDecision = {
    choice: { backend: best.backend, variant: best.variant },
    shape,
    batchSize: options.batchSize,
    measurements,
    machine,
    measuredAt: new Date().toISOString(),
    cached: false,
    cacheFile: cacheFilePath(cacheDir),
  };
  await writeDecision(cacheDir, key, decision);
  return decision;
}
