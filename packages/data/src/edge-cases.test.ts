/**
 * What a new user hit when trying the package from its README alone: each case once wrong or
 * unclear, now right or refused with a message naming what was expected.
 */
import { describe, expect, it } from 'vitest';
import { cellAt } from './columns/column-data.js';
import { dropIncomplete } from './missing.js';
import { Preprocessor } from './preprocessor.js';
import { parseCsv } from './read-table.js';
import { permuteRows, splitTable } from './split.js';
import type { Table } from './table.js';

function pieces(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text);
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

describe('edge cases a new user hit', () => {
  it('guesses the delimiter from the whole header line however small the pieces', () => {
    for (const size of [1, 2, 3, 100]) {
      expect(parseCsv(pieces('a\tb\n1\tx\n2\ty\n', size)).columns, `${size}-byte pieces`).toEqual(['a', 'b']);
      expect(parseCsv(pieces('\n\na;b;c\n1;2;3\n', size)).columns).toEqual(['a', 'b', 'c']);
    }
  });

  it('infers the task when none is given: a numeric target with many values is a regression, not thousands of classes', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: String(i), y: (Math.sin(i) * 100).toFixed(4) }));
    const table: Table = { columns: ['x', 'y'], rows };
    const prep = Preprocessor.fit(table, { target: 'y' });
    expect(prep.task).toBe('regression');
    expect(prep.outputSize).toBe(1);
    const labelled: Table = { columns: ['x', 'y'], rows: rows.map((r, i) => ({ ...r, y: ['cat', 'dog'][i % 2] })) };
    expect(Preprocessor.fit(labelled, { target: 'y' }).task).toBe('classification');
  });

  it('orders numeric class names as numbers', () => {
    const labels = ['-1', '-10', '2', '0', '-3', '2.25', '2.5'];
    const table: Table = { columns: ['x', 'c'], rows: labels.flatMap((c, i) => [{ x: String(i), c }, { x: String(i + 1), c }]) };
    expect(Preprocessor.fit(table, { target: 'c', task: 'classification' }).classes).toEqual(['-10', '-3', '-1', '0', '2', '2.25', '2.5']);
  });

  it('calls a number beyond float64 too large, not a typo', () => {
    const table = parseCsv('x,y\n1,a\n2,b\n1e400,a\n3,b\n', { source: 'big.csv' });
    expect(() => Preprocessor.fit(table, { target: 'y' })).toThrow('big.csv line 4, column "x": 1e400 is too large');
  });

  it('refuses a cell it does not have, a table where a matrix is expected, and a missing column list', () => {
    const table = parseCsv('a,b\n1,x\n2,y\n', { source: 't.csv' });
    expect(() => cellAt(table, 0, 'nope')).toThrow('cellAt: t.csv has no column "nope"; its columns are "a", "b"');
    expect(() => cellAt(table, 2, 'a')).toThrow('cellAt: expected a row from 0 to 1 of t.csv, got 2');
    const split = splitTable(table, { testFraction: 0.5, seed: 1, order: 'file' });
    expect(() => permuteRows(split.train as never, split.trainOrder!)).toThrow(/^permuteRows: expected a matrix/);
    expect(() => dropIncomplete(table, undefined as never)).toThrow('dropIncomplete: expected the list of columns');
    expect(() => dropIncomplete(table, ['c'])).toThrow('dropIncomplete: t.csv has no listed column "c"');
  });
});
