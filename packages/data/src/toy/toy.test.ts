import { describe, expect, it } from 'vitest';
import { oneHotLabels, spiralPoints, xorCorners, xorPlane } from './index.js';

describe('spiralPoints', () => {
  it('gives 3 × 200 points in the unit disc, rows ordered by class, the same for the same seed', () => {
    const s = spiralPoints();
    expect([s.rows, s.classes, s.x.length]).toEqual([600, 3, 1200]);
    expect(Array.from(s.labels.slice(198, 202))).toEqual([0, 0, 1, 1]);
    for (let r = 0; r < s.rows; r++) expect(Math.hypot(s.x[r * 2]!, s.x[r * 2 + 1]!)).toBeLessThan(1);
    // Class k's first point is the origin (radius 0), whatever the noise.
    expect(Math.abs(s.x[400]!) + Math.abs(s.x[401]!)).toBe(0);
    expect(spiralPoints().x).toEqual(s.x);
    expect(spiralPoints({ seed: 18 }).x).not.toEqual(s.x);
  });

  it('refuses sizes that are not whole numbers, naming the option', () => {
    expect(() => spiralPoints({ classes: 0 })).toThrow('spiralPoints: classes must be a whole number from 1 to 255, got 0');
    expect(() => spiralPoints({ perClass: 2.5 })).toThrow('perClass');
  });
});

describe('xor', () => {
  it('the corners are labelled by XOR', () => {
    const c = xorCorners();
    for (let r = 0; r < 4; r++) expect(c.labels[r]).toBe(c.x[r * 2]! !== c.x[r * 2 + 1]! ? 1 : 0);
  });

  it('the plane: points in [-1, 1]², off both axes by the margin, labelled by differing signs, both classes present', () => {
    const p = xorPlane({ rows: 300 });
    for (let r = 0; r < p.rows; r++) {
      const [a, b] = [p.x[r * 2]!, p.x[r * 2 + 1]!];
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThanOrEqual(0.05);
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(1);
      expect(p.labels[r]).toBe(a > 0 !== b > 0 ? 1 : 0);
    }
    expect(new Set(p.labels).size).toBe(2);
    expect(() => xorPlane({ margin: 1 })).toThrow('xorPlane: margin must be in [0, 1), got 1');
  });

  it('oneHotLabels', () => {
    expect(Array.from(oneHotLabels(xorCorners()))).toEqual([1, 0, 0, 1, 0, 1, 1, 0]);
  });
});
