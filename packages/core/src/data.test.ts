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

describe('gatherRows', () => {
  it('copies the chosen rows in order', () => {
    const out = new Float64Array(4);
    gatherRows(new Float64Array([1, 2, 3, 4, 5, 6]), 2, [2, 0, 1], 0, 2, out);
    expect(Array.from(out)).toEqual([5, 6, 1, 2]);
  });
});
