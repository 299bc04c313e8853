import { describe, expect, it } from 'vitest';
import { gatherRows, toDataMatrix } from './data.js';

describe('toDataMatrix', () => {
  it('accepts rows and flat matrices alike', () => {
    const a = toDataMatrix('fit', 'x', [[1, 2], [3, 4]]);
    const b = toDataMatrix('fit', 'x', { data: new Float32Array([1, 2, 3, 4]), rows: 2, cols: 2 });
    expect(a).toEqual(b);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4]);
  });

  it('names the row and column of a bad value', () => {
    expect(() => toDataMatrix('fit', 'x', [[1, 2], [3, Infinity]])).toThrow('fit: x row 1, column 1 must be a finite number, got Infinity');
    expect(() => toDataMatrix('fit', 'x', { data: [1, 2, 'a', 4], rows: 2, cols: 2 })).toThrow('fit: x row 1, column 0 must be a finite number, got "a"');
  });

  it('refuses ragged rows, empty input, wrong sizes and wrong types', () => {
    expect(() => toDataMatrix('fit', 'x', [[1, 2], [3]])).toThrow('fit: x rows must all have 2 values, row 1 has 1');
    expect(() => toDataMatrix('fit', 'x', [])).toThrow('fit: x must have at least one row, got an empty array');
    expect(() => toDataMatrix('fit', 'x', { data: [1, 2, 3], rows: 2, cols: 2 })).toThrow('fit: x must hold 2×2 = 4 values, got 3');
    expect(() => toDataMatrix('fit', 'x', 'abc')).toThrow('fit: x must be number[][] or { data, rows, cols }, got "abc"');
    expect(() => toDataMatrix('fit', 'x', [[1, 2]], 3)).toThrow('fit: x must have 3 columns, got 2');
  });
});

describe('toDataMatrix at a backend precision (issue 8, item 5)', () => {
  it('refuses values a float32 backend would store as ±Infinity, naming row, column, value and precision', () => {
    expect(() => toDataMatrix('fit', 'x', [[1e39, 0], [0, 1]], 2, 'float32')).toThrow(
      'fit: x row 0, column 0 is 1e+39, beyond float32 (largest finite magnitude 3.4028235e38): it would become Infinity on this backend; scale the data down',
    );
    expect(() => toDataMatrix('predict', 'input', { data: [0, 1, -4e38, 2], rows: 2, cols: 2 }, 2, 'float32')).toThrow(
      'predict: input row 1, column 0 is -4e+38, beyond float32',
    );
  });

  it('accepts what float32 rounds to a finite value, and anything finite at float64', () => {
    // 3.4028235e38 is printed FLOAT32_MAX: it rounds to it, not to Infinity.
    expect(toDataMatrix('fit', 'x', [[3.4028235e38, -3.4028235e38]], 2, 'float32').data[0]).toBe(3.4028235e38);
    expect(toDataMatrix('fit', 'x', [[1e39, 1e300]], 2, 'float64').data[1]).toBe(1e300);
    expect(toDataMatrix('fit', 'x', [[1e39]]).data[0]).toBe(1e39);
  });
});

describe('gatherRows', () => {
  it('copies the chosen rows in order', () => {
    const out = new Float64Array(4);
    gatherRows(new Float64Array([1, 2, 3, 4, 5, 6]), 2, [2, 0, 1], 0, 2, out);
    expect(Array.from(out)).toEqual([5, 6, 1, 2]);
  });
});
