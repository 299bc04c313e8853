import { describe, expect, it } from 'vitest';
import { inferTask, scanColumn } from '../infer.js';
import { inspectTable } from '../inspect.js';
import { dropIncomplete } from '../missing.js';
import { Preprocessor } from '../preprocessor.js';
import { parseCsv } from '../read-table.js';
import { splitTable } from '../split.js';
import { rowCount, type Table } from '../table.js';
import { ColumnBuilder, MAX_DICTIONARY } from './column-builder.js';
import { cellAt, columnOf } from './column-data.js';
import { ColumnTable } from './column-table.js';

describe('ColumnBuilder', () => {
  it('keeps a column of few texts as 1-byte codes, widens to 2 bytes past 256, and to numbers past MAX_DICTIONARY', () => {
    const few = new ColumnBuilder();
    for (let i = 0; i < 1000; i++) few.push(i % 7 === 0 ? '' : `c${i % 10}`);
    const a = few.finish();
    expect(a.kind === 'dictionary' && a.codes instanceof Uint8Array).toBe(true);

    const wider = new ColumnBuilder();
    for (let i = 0; i < 3000; i++) wider.push(String(i % 300));
    const b = wider.finish();
    expect(b.kind === 'dictionary' && b.codes instanceof Uint16Array).toBe(true);
    expect(b.length).toBe(3000);

    const many = new ColumnBuilder();
    const n = MAX_DICTIONARY + 5000;
    for (let i = 0; i < n; i++) many.push(i === 10 ? '' : i === 70_000 ? 'n/a' : String(i / 4));
    const c = many.finish();
    expect(c.kind).toBe('values');
    if (c.kind !== 'values') return;
    expect(c.length).toBe(n);
    expect(c.numbers[9]).toBe(9 / 4);
    expect(Number.isNaN(c.numbers[10]!)).toBe(true);
    expect(c.texts?.[70_000]).toBe('n/a');
    expect(c.texts?.[10]).toBeUndefined();
    expect(c.numbers[n - 1]).toBe((n - 1) / 4);
  });
});

/** A CSV of `rows` rows whose "x" column has more distinct values than a dictionary keeps. */
function wideCsv(rows: number, typoAt?: number): string {
  const lines = ['x,colour,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i === typoAt ? '4.7cm' : (i * 0.37).toFixed(2)},${['red', 'green'][i % 2]},${i % 3 === 0 ? 'b' : 'a'}`);
  return lines.join('\n');
}

describe('tables stored by column', () => {
  it('read the same as a table of row objects: every step gives the same answer', () => {
    const csv = 'x,colour,label\n1.5,red,a\n,green,b\n2.5,,a\n3,red,b\n4,green,a\n5,red,b\n';
    const columnar = parseCsv(csv, { source: 't.csv' });
    expect(columnar).toBeInstanceOf(ColumnTable);
    const rows: Table = { columns: columnar.columns, rows: columnar.rows.map((r) => ({ ...r })), source: 't.csv', lines: columnar.lines! };
    expect(rows.rows[1]).toEqual({ x: '', colour: 'green', label: 'b' });
    for (const t of [columnar, rows]) expect(scanColumn(t, 'x').missingCount).toBe(1);
    expect(inspectTable(columnar, { target: 'label', task: 'classification' })).toEqual(inspectTable(rows, { target: 'label', task: 'classification' }));
    expect(inferTask(columnar, 'label')).toEqual(inferTask(rows, 'label'));
    const options = { target: 'label', missing: 'mean' } as const;
    const a = Preprocessor.fit(dropIncomplete(columnar, ['label']).table, options);
    const b = Preprocessor.fit(dropIncomplete(rows, ['label']).table, options);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.transform(columnar)).toEqual(b.transform(rows));
    const s1 = splitTable(columnar, { testFraction: 0.34, seed: 2, stratifyBy: 'label' });
    const s2 = splitTable(rows, { testFraction: 0.34, seed: 2, stratifyBy: 'label' });
    expect(s1.test.rows).toEqual(s2.test.rows);
    expect(s1.test.lines).toEqual(s2.test.lines);
    expect(dropIncomplete(columnar, ['x', 'colour']).table.rows).toEqual(dropIncomplete(rows, ['x', 'colour']).table.rows);
  });

  it('keep a numeric column of more distinct values than a dictionary as numbers, and still name the line of a typo', () => {
    const rows = MAX_DICTIONARY + 10_000;
    const table = parseCsv(wideCsv(rows), { source: 'wide.csv' });
    expect(columnOf(table, 'x').kind).toBe('values');
    expect(rowCount(table)).toBe(rows);
    expect(cellAt(table, 100, 'x')).toBe('37');
    const prep = Preprocessor.fit(table, { target: 'label' });
    expect(prep.inputNames).toEqual(['x', 'colour=green', 'colour=red']);
    const typo = parseCsv(wideCsv(rows, 70_000), { source: 'typo.csv' });
    expect(() => Preprocessor.fit(typo, { target: 'label' })).toThrow(`fitPreprocessor: typo.csv line 70002, column "x": expected a number (the column holds numbers in ${rows - 1} of ${rows} rows), got "4.7cm"`);
  });

  it('give views of the split rows that share the columns, with their lines', () => {
    const table = parseCsv(wideCsv(50), { source: 'small.csv' }) as ColumnTable;
    const view = table.pick([4, 2, 40]).pick([2, 0]);
    expect(rowCount(view)).toBe(2);
    expect(view.lines).toEqual(new Uint32Array([42, 6]));
    expect(cellAt(view, 0, 'x')).toBe((40 * 0.37).toFixed(2));
    expect(view.rows[1]).toEqual({ x: (4 * 0.37).toFixed(2), colour: 'red', label: 'a' });
  });
});
