import { describe, expect, it } from 'vitest';
import { inspectTable } from './inspect.js';
import type { Table, TableRow } from './table.js';

function table(rows: TableRow[]): Table {
  return { columns: Object.keys(rows[0]!), rows, source: 't.csv', lines: rows.map((_, i) => i + 2) };
}

describe('inspectTable', () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({
    id: `c-${i}`,
    row: String(1000 + ((i * 37) % 100)),
    price: `${i % 7},${i % 10}5`,
    town: `town${i % 40}`,
    country: 'NL',
    size: i % 13 === 5 ? '' : String(i % 9),
    label: i % 25 === 0 ? 'rare' : 'common',
  }));
  const result = inspectTable(table(rows), { target: 'label', task: 'classification' });
  const warned = (kind: string): string[] => result.warnings.filter((w) => w.kind === kind).map((w) => w.column);

  it('profiles every column: type, empty cells, distinct values', () => {
    expect(result.rows).toBe(100);
    const byName = Object.fromEntries(result.columns.map((c) => [c.name, c]));
    expect(byName.size).toMatchObject({ type: 'numeric', missing: 8, distinct: 9, firstMissingLine: 7, role: 'feature' });
    expect(byName.town).toMatchObject({ type: 'categorical', distinct: 40, missing: 0 });
    expect(byName.label).toMatchObject({ role: 'target', distinct: 2 });
    expect(result.classCounts).toEqual([{ class: 'common', rows: 96 }, { class: 'rare', rows: 4 }]);
  });

  it('warns, with the fix, about ids, decimal commas, many categories, constants, empty cells and a rare class', () => {
    expect(warned('id-like')).toEqual(['id', 'row']);
    expect(warned('decimal-comma')).toEqual(['price']);
    expect(result.warnings.find((w) => w.kind === 'decimal-comma')!.fix).toBe('read them as numbers with --decimal-comma');
    expect(warned('high-cardinality')).toEqual(['town']);
    expect(warned('constant')).toEqual(['country']);
    expect(warned('missing')).toEqual(['size']);
    expect(result.warnings.find((w) => w.kind === 'missing')!.message).toBe('column "size" has 8 empty cells (the first on line 7)');
    expect(warned('class-imbalance')).toEqual(['label']);
    expect(result.warnings.find((w) => w.kind === 'class-imbalance')!.message).toContain('class "rare" has 4 rows, 4.2% of the largest ("common", 96)');
  });

  it('says nothing about a clean table', () => {
    const clean = Array.from({ length: 50 }, (_, i) => ({ x: String((i * 0.37) % 3), colour: ['red', 'blue'][i % 2]!, y: String(i % 2) }));
    expect(inspectTable(table(clean), { target: 'y', task: 'classification' }).warnings).toEqual([]);
  });
});
