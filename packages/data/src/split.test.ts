import { describe, expect, it } from 'vitest';
import { splitTable } from './split.js';
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
