/**
 * What a training run was started with, as a checkpoint records it: the network's spec, the
 * data's fingerprints and fit's options (resolved: every default filled). A resume compares its
 * own record with the checkpoint's, field by field, and refuses any difference but `epochs`
 * (training on for more epochs, or fewer, is what resuming is for).
 */
import type { Network } from '../network.js';
import type { FitOptions } from '../training/fit-options.js';
import type { FitPlan } from '../training/fit-plan.js';
import type { CheckpointDifference } from './checkpoint-errors.js';
import { fingerprintOf, type DataFingerprint } from './data-fingerprint.js';

export interface RunRecord {
  readonly network: unknown;
  readonly data: { readonly x: DataFingerprint; readonly y: DataFingerprint; readonly validation: { readonly x: DataFingerprint; readonly y: DataFingerprint } | null };
  readonly options: Record<string, unknown>;
}

/** The record of the run `plan` describes. */
export function runRecordOf(network: Network, plan: FitPlan, options: FitOptions): RunRecord {
  const v = plan.validation;
  const schedule = options.schedule;
  return {
    network: plain(network.spec),
    data: { x: fingerprintOf(plan.x), y: fingerprintOf(plan.y), validation: v ? { x: fingerprintOf(v.x), y: fingerprintOf(v.y) } : null },
    options: plain({
      epochs: plan.epochs,
      batchSize: plan.batchSize,
      shuffle: plan.shuffle,
      seed: plan.seed,
      optimizer: plan.optimizer.spec,
      validation: options.validationSplit !== undefined ? { split: options.validationSplit } : options.validationData ? 'validationData' : null,
      earlyStopping: plan.earlyStopping ?? null,
      clipValue: plan.clip?.clipValue ?? null,
      clipNorm: plan.clip?.clipNorm ?? null,
      // A function schedule is known only by its source text.
      schedule: schedule === undefined ? null : typeof schedule === 'function' ? { function: schedule.toString() } : schedule,
      continueSchedule: plan.continueSchedule,
      path: plan.path,
    }) as Record<string, unknown>,
  };
}

/** A JSON round trip: what the file will hold, so that a fresh record compares equal to a loaded one. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/** Every difference between the checkpoint's record and now's, but `options.epochs`. */
export function recordDifferences(saved: RunRecord, now: RunRecord): CheckpointDifference[] {
  const out: CheckpointDifference[] = [];
  diff('network', saved.network, now.network, out);
  diff('data', saved.data, now.data, out);
  diff('options', { ...saved.options, epochs: undefined }, { ...now.options, epochs: undefined }, out);
  return out;
}

function diff(field: string, a: unknown, b: unknown, out: CheckpointDifference[]): void {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff(`${field}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], out);
    return;
  }
  if (a !== b) out.push({ field, checkpoint: a, now: b });
}
