import { describe, expect, it } from 'vitest';
import { binary64, dense, expectClose, matmul64, Mismatch, reduce64, scaled, seededValues, TOLERANCES, unary64 } from './index.js';

describe('test kit', () => {
  it('float64 tables: matmul with transposes, broadcast, reductions, step at 0', () => {
    const a = dense(2, 3, [1, 2, 3, 4, 5, 6]);
    const b = dense(3, 2, [1, 0, 0, 1, 1, 1]);
    expect(Array.from(matmul64(a, b).data)).toEqual([4, 5, 10, 11]);
    expect(Array.from(matmul64(a, a, false, true).data)).toEqual([14, 32, 32, 77]);
    expect(Array.from(binary64('sub', a, dense(1, 3, [1, 1, 1])).data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(binary64('mul', a, dense(2, 1, [2, 3])).data)).toEqual([2, 4, 6, 12, 15, 18]);
    expect(Array.from(reduce64('sum', a, 0).data)).toEqual([5, 7, 9]);
    expect(Array.from(reduce64('max', a, 1).data)).toEqual([3, 6]);
    expect(Array.from(unary64('step', dense(1, 3, [-1, 0, 2])).data)).toEqual([0, 0, 1]);
  });

  it('seeded values repeat for a seed and stay in range', () => {
    const v = seededValues(1000, 9, -2, 3);
    expect(Array.from(seededValues(1000, 9, -2, 3))).toEqual(Array.from(v));
    expect(v.every((x) => x >= -2 && x < 3)).toBe(true);
    expect(Array.from(seededValues(5, 10))).not.toEqual(Array.from(seededValues(5, 9)));
  });

  it('expectClose passes within the preset and throws both sides beyond it', () => {
    expectClose([1 + 1e-6, 2], [1, 2], TOLERANCES.float32, 'close');
    expect(() => expectClose([1.1, 2], [1, 2], TOLERANCES.float32, 'far')).toThrow(Mismatch);
    expect(() => expectClose([1.1, 2], [1, 2], TOLERANCES.float32, 'far')).toThrow(/^far: element 0 is 1\.1, expected 1 /);
    expect(() => expectClose([1, 2], [1, 2, 3], TOLERANCES.float32, 'short')).toThrow(/short: length 2, expected 3/);
    expect(() => expectClose([NaN], [1], scaled(TOLERANCES.float32, 100), 'nan')).toThrow(Mismatch);
  });
});
