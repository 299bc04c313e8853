import { describe, expect, it } from 'vitest';
import { BackpropError } from './errors.js';
import { checkSchedule, learningRateAt } from './schedules.js';

describe('learning-rate schedules', () => {
  it('step: lr·factor^⌊(epoch − 1)/every⌋', () => {
    const s = { kind: 'step', every: 2, factor: 0.5 } as const;
    expect([1, 2, 3, 4, 5].map((e) => learningRateAt(s, e, 0.1))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('exponential: lr·factor^(epoch − 1)', () => {
    const s = { kind: 'exponential', factor: 0.9 } as const;
    expect(learningRateAt(s, 1, 0.1)).toBe(0.1);
    expect(learningRateAt(s, 3, 0.1)).toBeCloseTo(0.081, 15);
  });

  it('cosine with warm-up: ramps up, starts the decay at the base rate, never trains at 0', () => {
    const s = { kind: 'cosine', epochs: 12, warmupEpochs: 2, minLr: 0.001 } as const;
    expect(learningRateAt(s, 1, 0.1)).toBeCloseTo(0.05, 15);
    expect(learningRateAt(s, 2, 0.1)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(s, 3, 0.1)).toBeCloseTo(0.1, 15);
    // last epoch: p = 9/10 of the way down
    expect(learningRateAt(s, 12, 0.1)).toBeCloseTo(0.001 + 0.5 * 0.099 * (1 + Math.cos(0.9 * Math.PI)), 15);
    expect(learningRateAt(s, 20, 0.1)).toBe(0.001);
    // halfway through the decay: the mean of the two ends
    expect(learningRateAt({ kind: 'cosine', epochs: 4 }, 3, 0.2)).toBeCloseTo(0.1, 15);
    expect(learningRateAt({ kind: 'cosine', epochs: 4 }, 9, 0.2)).toBeGreaterThan(0);
  });

  it('refuses malformed schedules with a message naming the field', () => {
    expect(() => checkSchedule('fit', { kind: 'step', every: 0, factor: 0.5 })).toThrow(/^fit: schedule\.every must be a positive integer, got 0$/);
    expect(() => checkSchedule('fit', { kind: 'cosine', epochs: 3, warmupEpochs: 3 })).toThrow(BackpropError);
    expect(() => checkSchedule('fit', { kind: 'linear' })).toThrow(/schedule\.kind must be/);
  });
});
