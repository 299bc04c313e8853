import { describe, expect, it } from 'vitest';
import { permuteRows, splitIndices, splitTable } from './split.js';
import type { Table } from './table.js';

const rows = Array.from({ length: 50 }, (_, i) => ({ id: String(i), kind: i < 40 ? 'common' : 'rare' }));
const table: Table = { columns: ['id', 'kind'], rows, source: 'f.csv', lines: rows.map((_, i) => i + 2) };

describe('splitTable', () => {
  it('is stratified: each class keeps its share; seeded: the same seed, the same split', () => {
    const a = splitTable(table, { testFraction: 0.2, seed: 7, stratifyBy: 'kind' });
    expect(a.test.rows.filter((r) => r.kind === 'rare')).toHaveLength(2);
    expect(a.test.rows.filter((r) => r.kind === 'common')).toHaveLength(8);
    expect(a.train.rows).toHaveLength(40);
    const ids = new Set([...a.train.rows, ...a.test.rows].map((r) => r.id));
    expect(ids.size).toBe(50);
    // Line numbers travel with their rows.
    a.test.rows.forEach((r, i) => expect(a.test.lines![i]).toBe(Number(r.id) + 2));
    const b = splitTable(table, { testFraction: 0.2, seed: 7, stratifyBy: 'kind' });
    expect(b.test.rows.map((r) => r.id)).toEqual(a.test.rows.map((r) => r.id));
    const c = splitTable(table, { testFraction: 0.2, seed: 8, stratifyBy: 'kind' });
    expect(c.test.rows.map((r) => r.id)).not.toEqual(a.test.rows.map((r) => r.id));
  });

  it('refuses fractions out of range and splits that leave a part empty', () => {
    expect(() => splitTable(table, { testFraction: 1, seed: 1 })).toThrow('testFraction must be in (0, 1), got 1');
    const two: Table = { columns: ['id'], rows: [{ id: '1' }, { id: '2' }] };
    expect(() => splitTable(two, { testFraction: 0.1, seed: 1 })).toThrow('rows: cannot hold out a test set: 10% of 2 rows leaves 2 to train and 0 to test; both sets need at least one row');
    // Stratified, with one row per class: the message says why, and what to try.
    const singles: Table = { columns: ['y'], rows: [{ y: 'a' }, { y: 'b' }, { y: 'c' }] };
    expect(() => splitTable(singles, { testFraction: 0.2, seed: 1, stratifyBy: 'y' })).toThrow(
      'each of the 3 classes of "y" has too few rows for 20% of them to round to one (is it really a classification target? --task regression treats it as a number)',
    );
  });
});

describe('splitIndices', () => {
  it('is linear and exact at two million rows with a rare class (no spread into push: the old crash)', () => {
    const rows = 2_000_000;
    const groups = new Uint8Array(rows);
    for (let i = 0; i < rows; i += 1000) groups[i] = 1;
    const { train, test, groupSizes } = splitIndices(rows, { testFraction: 0.25, seed: 9, groups });
    expect(Array.from(groupSizes)).toEqual([rows - 2000, 2000]);
    expect(test.length).toBe(rows / 4);
    expect(train.length + test.length).toBe(rows);
    const seen = new Uint8Array(rows);
    for (const i of train) seen[i]!++;
    for (const i of test) seen[i]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(test.filter((i) => groups[i] === 1).length).toBe(500);
  });

  it('gives splitTable its split: the same rows for the same seed, whatever the order option', () => {
    const shuffled = splitTable(table, { testFraction: 0.2, seed: 7, stratifyBy: 'kind' });
    const inFile = splitTable(table, { testFraction: 0.2, seed: 7, stratifyBy: 'kind', order: 'file' });
    const ids = inFile.test.rows.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Array.from(inFile.testOrder!, (i) => inFile.test.rows[i]!.id)).toEqual(shuffled.test.rows.map((r) => r.id));
    expect(Array.from(inFile.trainOrder!, (i) => inFile.train.rows[i]!.id)).toEqual(shuffled.train.rows.map((r) => r.id));
    expect(Array.from(inFile.testOrder!, (i) => inFile.test.lines![i])).toEqual(Array.from(shuffled.test.lines!));
  });

  it('refuses bad arguments', () => {
    expect(() => splitIndices(3, { testFraction: 0.5, seed: 1, groups: [0, 1] })).toThrow('splitIndices: expected one group number per row (3), got 2');
    expect(() => splitIndices(2, { testFraction: 0.5, seed: 1, groups: [0, -1] })).toThrow('row 1: a group must be a whole number from 0 to 1048575, got -1');
    expect(() => splitIndices(2, { testFraction: 0, seed: 1 })).toThrow('splitIndices: testFraction must be in (0, 1), got 0');
  });
});

describe('permuteRows', () => {
  it('reorders whole rows', () => {
    const m = permuteRows({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }, [2, 0, 1]);
    expect(Array.from(m.data)).toEqual([5, 6, 1, 2, 3, 4]);
    expect(() => permuteRows(m, [0])).toThrow('permuteRows: expected an order of 3 rows, got 1');
  });
});
