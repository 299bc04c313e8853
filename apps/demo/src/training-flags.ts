/**
 * `train`'s flags for the training features core's fit already has: dropout, weight decay
 * (AdamW's decoupled decay, an L2-style decay for the other optimizers), gradient clipping,
 * learning-rate schedules, early stopping (optionally restoring the best weights), and a
 * validation split. Each is checked here with a usage error naming the flag, and described in
 * the model's metadata (`meta.training`).
 */
import type { EarlyStopping, LearningRateSchedule } from '@backprop/core';
import { InvalidArgumentError } from 'commander';
import { usageError } from './errors.js';

export interface TrainingFeatureFlags {
  readonly dropout?: number;
  readonly weightDecay?: number;
  readonly clipValue?: number;
  readonly clipNorm?: number;
  readonly lrSchedule?: string;
  readonly earlyStopping?: number;
  readonly restoreBestWeights?: boolean;
  readonly validationSplit?: number;
}

/** What goes to fit (beyond epochs, batch size, optimizer and seed). */
export interface TrainingFeatures {
  readonly clipValue?: number;
  readonly clipNorm?: number;
  readonly schedule?: Exclude<LearningRateSchedule, (...args: never[]) => unknown>;
  readonly earlyStopping?: EarlyStopping;
  readonly validationSplit?: number;
}

/** `--dropout`: a rate in [0, 1). */
export function dropoutRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) throw new InvalidArgumentError('must be a rate in [0, 1), like 0.2.');
  return n;
}

/** `--weight-decay`: a number ≥ 0. */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number ≥ 0.');
  return n;
}

/**
 * `--lr-schedule`: `step:EVERY:FACTOR` (lr·factor^⌊(epoch−1)/every⌋), `exponential:FACTOR`
 * (lr·factor^(epoch−1)), or `cosine[:WARMUP[:MINLR]]` (cosine decay over the run's epochs after
 * a linear warm-up; core's schedules.ts has the formulas).
 */
export function parseSchedule(text: string, epochs: number): TrainingFeatures['schedule'] {
  const [kind, ...args] = text.split(':');
  const nums = args.map(Number);
  const bad = (): never => {
    throw usageError(`--lr-schedule '${text}' is not a schedule`, 'use step:EVERY:FACTOR (e.g. step:10:0.5), exponential:FACTOR (e.g. exponential:0.95) or cosine[:WARMUP[:MINLR]] (e.g. cosine:5:0.0001)');
  };
  if (args.some((a) => a.trim() === '') || nums.some((n) => !Number.isFinite(n))) return bad();
  if (kind === 'step' && nums.length === 2 && Number.isInteger(nums[0]) && nums[0]! > 0 && nums[1]! > 0) return { kind: 'step', every: nums[0]!, factor: nums[1]! };
  if (kind === 'exponential' && nums.length === 1 && nums[0]! > 0) return { kind: 'exponential', factor: nums[0]! };
  if (kind === 'cosine' && nums.length <= 2) {
    const warmup = nums[0] ?? 0;
    if (!Number.isInteger(warmup) || warmup < 0 || warmup >= epochs) throw usageError(`--lr-schedule cosine: the warm-up (${warmup}) must be a whole number of epochs below --epochs (${epochs})`);
    if (nums[1] !== undefined && nums[1] < 0) return bad();
    return { kind: 'cosine', epochs, ...(warmup > 0 ? { warmupEpochs: warmup } : {}), ...(nums[1] !== undefined ? { minLr: nums[1] } : {}) };
  }
  return bad();
}

/** The fit options the flags ask for. Usage errors for combinations that cannot work. */
export function trainingFeaturesFrom(flags: TrainingFeatureFlags, epochs: number, augmented: boolean): TrainingFeatures {
  const perEpochOnly = (['lrSchedule', 'earlyStopping', 'validationSplit'] as const).filter((k) => flags[k] !== undefined);
  if (augmented && perEpochOnly.length > 0) {
    const flag = `--${perEpochOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw usageError(`${flag} does not apply to mnist's training, which calls fit once per epoch on freshly shifted digits (and steps its learning rate down itself)`, 'use it with --data or the other built-in datasets');
  }
  if (flags.restoreBestWeights && flags.earlyStopping === undefined) throw usageError('--restore-best-weights needs --early-stopping <patience>');
  return {
    ...(flags.clipValue !== undefined ? { clipValue: flags.clipValue } : {}),
    ...(flags.clipNorm !== undefined ? { clipNorm: flags.clipNorm } : {}),
    ...(flags.lrSchedule !== undefined ? { schedule: parseSchedule(flags.lrSchedule, epochs) } : {}),
    ...(flags.earlyStopping !== undefined
      ? { earlyStopping: { patience: flags.earlyStopping, monitor: flags.validationSplit !== undefined ? 'valLoss' : 'loss', ...(flags.restoreBestWeights ? { restoreBestWeights: true } : {}) } as const }
      : {}),
    ...(flags.validationSplit !== undefined ? { validationSplit: flags.validationSplit } : {}),
  };
}
