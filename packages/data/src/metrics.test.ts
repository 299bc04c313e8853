import { describe, expect, it } from 'vitest';
import { argmaxRows, classificationMetrics, regressionMetrics } from './metrics.js';

describe('regressionMetrics', () => {
  it('gives RMSE, MAE and R² as computed by hand', () => {
    // errors 0.5, 0, −1, 1: MAE 2.5/4; MSE (0.25 + 0 + 1 + 1)/4 = 0.5625, RMSE 0.75;
    // mean of y 2.5, Σ(y − ȳ)² = 5, Σ(ŷ − y)² = 2.25, R² = 1 − 2.25/5 = 0.55.
    const m = regressionMetrics([1.5, 2, 2, 5], [1, 2, 3, 4]);
    expect(m.mae).toBeCloseTo(0.625, 12);
    expect(m.rmse).toBeCloseTo(0.75, 12);
    expect(m.r2).toBeCloseTo(0.55, 12);
    expect(m.rows).toBe(4);
  });

  it('matches a direct computation on random data, and says when R² is undefined', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100 - 50;
    const y = Array.from({ length: 1000 }, next);
    const p = y.map((v) => v + next() / 10);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const sse = y.reduce((s, v, i) => s + (p[i]! - v) ** 2, 0);
    const m = regressionMetrics(p, y);
    expect(m.rmse).toBeCloseTo(Math.sqrt(sse / 1000), 10);
    expect(m.mae).toBeCloseTo(y.reduce((s, v, i) => s + Math.abs(p[i]! - v), 0) / 1000, 10);
    expect(m.r2).toBeCloseTo(1 - sse / y.reduce((s, v) => s + (v - mean) ** 2, 0), 10);
    expect(regressionMetrics([1, 2], [3, 3]).r2).toBeNull();
    expect(() => regressionMetrics([1], [1, 2])).toThrow('regressionMetrics: expected as many predictions as targets (at least 1), got 1 predictions and 2 targets');
  });
});

describe('classificationMetrics', () => {
  it('gives the confusion matrix and per-class precision, recall, F1 as counted by hand', () => {
    // actual:    a a a a b b c
    // predicted: a a b c b a c
    const m = classificationMetrics([0, 0, 1, 2, 1, 0, 2], [0, 0, 0, 0, 1, 1, 2], ['a', 'b', 'c']);
    expect(m.confusion).toEqual([
      [2, 1, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(m.accuracy).toBeCloseTo(4 / 7, 12);
    // a: precision 2/3 (3 predicted a, 2 right), recall 2/4; F1 = 2·(2/3)(1/2)/(2/3 + 1/2) = 4/7.
    expect(m.perClass[0]).toEqual({ class: 'a', precision: 2 / 3, recall: 0.5, f1: expect.closeTo(4 / 7, 12) as number, support: 4 });
    // b: precision 1/2, recall 1/2, F1 1/2; c: precision 1/2, recall 1, F1 2/3.
    expect(m.perClass[1]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((4 / 7 + 0.5 + 2 / 3) / 3, 12);
  });

  it('gives a class never predicted precision 0, and refuses bad indices', () => {
    const m = classificationMetrics([0, 0, 0], [0, 0, 1], ['common', 'rare']);
    expect(m.perClass[1]).toEqual({ class: 'rare', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(() => classificationMetrics([0, 2], [0, 1], ['a', 'b'])).toThrow('row 1: class indices must be whole numbers from 0 to 1, got predicted 2 and actual 1');
  });

  it('argmaxRows picks each row\'s largest output', () => {
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0], 2, 3))).toEqual([1, 0]);
  });
});
