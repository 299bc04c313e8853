import { describe, expect, it } from 'vitest';
import { initialValues } from './initializers.js';
import { Random } from './random.js';

function stats(v: Float64Array): { mean: number; variance: number; maxAbs: number } {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return { mean, variance, maxAbs: v.reduce((m, x) => Math.max(m, Math.abs(x)), 0) };
}

describe('initialValues', () => {
  it("he: randn·√(2/fan_in), the article's initialisation", () => {
    const s = stats(initialValues('he', 200, 300, new Random(1)));
    expect(s.mean).toBeCloseTo(0, 2);
    expect(s.variance / (2 / 200)).toBeCloseTo(1, 1);
  });

  it('glorot: uniform within ±√(6/(fan_in+fan_out))', () => {
    const limit = Math.sqrt(6 / 500);
    const s = stats(initialValues('glorot', 200, 300, new Random(1)));
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.variance / (limit * limit / 3)).toBeCloseTo(1, 1);
  });

  it('zeros and constant', () => {
    expect(Array.from(initialValues('zeros', 2, 2, new Random(1)))).toEqual([0, 0, 0, 0]);
    expect(Array.from(initialValues({ constant: 0.5 }, 1, 3, new Random(1)))).toEqual([0.5, 0.5, 0.5]);
  });

  it('refuses an unknown initialiser, naming it', () => {
    expect(() => initialValues('lecun' as never, 2, 2, new Random(1))).toThrow(`createNetwork: weightInit must be 'he', 'glorot', 'zeros' or { constant: number }, got "lecun"`);
  });

  it('weightInit { constant } must be finite: the message names weightInit (issue 8, item 7)', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => initialValues({ constant: bad }, 2, 1, new Random(1))).toThrow(`createNetwork: weightInit.constant must be a finite number, got ${String(bad)}`);
    }
    expect(Array.from(initialValues({ constant: -2.5 }, 2, 1, new Random(1)))).toEqual([-2.5, -2.5]);
  });
});
