/**
 * Learning-rate schedules, evaluated by fit at the start of every epoch (1-based) from the rate
 * the optimizer had when fit began. `onEpochEnd` and the history report the rate each epoch used.
 *
 * - step: lr·factor^⌊(epoch − 1)/every⌋ (Keras's StepDecay pattern);
 * - exponential: lr·factor^(epoch − 1);
 * - cosine with warm-up: a linear ramp lr·epoch/warmup over the first `warmupEpochs`, then
 *   minLr + ½(lr − minLr)(1 + cos(π·p)) with p = (epoch − warmup − 1)/(epochs − warmup): the
 *   first epoch after the warm-up trains at lr, and the rate would reach minLr just after epoch
 *   `epochs` (Loshchilov & Hutter, SGDR, ICLR 2017, without restarts; the warm-up of Goyal et
 *   al., 2017); minLr from then on, so no epoch trains at a rate of 0;
 * - a function (epoch, baseLr) → lr for anything else.
 */
import { assertNever } from './assert-never.js';
import { BackpropError, describeValue } from './errors.js';

export type LearningRateSchedule =
  | { readonly kind: 'step'; readonly every: number; readonly factor: number }
  | { readonly kind: 'exponential'; readonly factor: number }
  | { readonly kind: 'cosine'; readonly epochs: number; readonly warmupEpochs?: number; readonly minLr?: number }
  | ((epoch: number, baseLr: number) => number);

/** Checks a schedule's fields once, before training. */
export function checkSchedule(op: string, s: unknown): void {
  if (typeof s === 'function') return;
  if (typeof s !== 'object' || s === null) throw new BackpropError(op, `schedule must be { kind: 'step' | 'exponential' | 'cosine', ... } or a function, got ${describeValue(s)}`);
  const spec = s as Exclude<LearningRateSchedule, (...args: never[]) => unknown>;
  const positive = (name: string, v: unknown, integer: boolean): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new BackpropError(op, `schedule.${name} must be a ${integer ? 'positive integer' : 'finite number > 0'}, got ${describeValue(v)}`);
    }
  };
  switch (spec.kind) {
    case 'step':
      positive('every', spec.every, true);
      positive('factor', spec.factor, false);
      return;
    case 'exponential':
      positive('factor', spec.factor, false);
      return;
    case 'cosine': {
      positive('epochs', spec.epochs, true);
      const warmup = spec.warmupEpochs ?? 0;
      if (!Number.isInteger(warmup) || warmup < 0 || warmup >= spec.epochs) {
        throw new BackpropError(op, `schedule.warmupEpochs must be an integer in [0, epochs), got ${describeValue(warmup)}`);
      }
      const min = spec.minLr ?? 0;
      if (typeof min !== 'number' || !Number.isFinite(min) || min < 0) throw new BackpropError(op, `schedule.minLr must be a finite number ≥ 0, got ${describeValue(min)}`);
      return;
    }
    default:
      throw new BackpropError(op, `schedule.kind must be 'step', 'exponential' or 'cosine', got ${describeValue((spec as { kind: unknown }).kind)}`);
  }
}

/** The learning rate of `epoch` (1-based) under `schedule`, from `baseLr`. */
export function learningRateAt(schedule: LearningRateSchedule, epoch: number, baseLr: number): number {
  if (typeof schedule === 'function') return schedule(epoch, baseLr);
  switch (schedule.kind) {
    case 'step':
      return baseLr * Math.pow(schedule.factor, Math.floor((epoch - 1) / schedule.every));
    case 'exponential':
      return baseLr * Math.pow(schedule.factor, epoch - 1);
    case 'cosine': {
      const warmup = schedule.warmupEpochs ?? 0;
      const min = schedule.minLr ?? 0;
      if (epoch <= warmup) return (baseLr * epoch) / warmup;
      if (epoch > schedule.epochs) return min > 0 ? min : learningRateAt(schedule, schedule.epochs, baseLr);
      const p = (epoch - warmup - 1) / (schedule.epochs - warmup);
      return min + 0.5 * (baseLr - min) * (1 + Math.cos(Math.PI * p));
    }
    default:
      return assertNever(schedule, 'schedule kind');
  }
}
