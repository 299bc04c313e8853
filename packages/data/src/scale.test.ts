/**
 * Two million rows, in memory: a generated CSV read, split (stratified, skewed classes),
 * preprocessed for a classification and a regression. The rows are generated here, so every
 * expected count is known. Peak memory is measured (the worker's peak RSS, which includes
 * vitest itself) and bounded; measured on the shared 2-core development machine: 27–34 s at a
 * load average of about 10, 85 s at 20 (hence the generous timeout); peak RSS 825 MiB for the
 * 39 MiB file (row objects and their cell strings dominate: see the README's figures).
 */
import { describe, expect, it } from 'vitest';
import { Preprocessor } from './preprocessor.js';
import { parseCsv } from './read-table.js';
import { permuteRows, splitTable } from './split.js';
import { cellAt } from './columns/column-data.js';
import { rowCount } from './table.js';

const ROWS = 2_000_000;
// Skewed classes: 1 row in 100 is "rare", 19 in 100 "medium", the rest "common".
const classOf = (i: number): string => (i % 100 === 0 ? 'rare' : i % 100 < 20 ? 'medium' : 'common');
const COLOURS = ['red', 'green', 'blue'];

function generate(): Buffer {
  const parts: string[] = ['x,colour,value,label'];
  for (let i = 0; i < ROWS; i++) parts.push(`${i % 1000},${COLOURS[i % 3]},${(i % 1000) * 0.5 + 3},${classOf(i)}`);
  return Buffer.from(parts.join('\n'));
}

describe('two million rows', () => {
  it('are read, split and preprocessed in linear time with bounded memory', () => {
    const rssBefore = process.memoryUsage().rss;
    const bytes = generate();
    const table = parseCsv(bytes, { source: 'big.csv' });
    expect(rowCount(table)).toBe(ROWS);
    expect(table.lines![ROWS - 1]).toBe(ROWS + 1);
    expect(table.columns.map((c) => cellAt(table, 123_456, c))).toEqual(['456', 'red', String(456 * 0.5 + 3), 'common']);

    // Classification, stratified: each class keeps 20% of its rows in the test part.
    const split = splitTable(table, { testFraction: 0.2, seed: 3, stratifyBy: 'label', order: 'file' });
    expect(rowCount(split.test)).toBe(0.2 * ROWS);
    let rareInTest = 0;
    for (let r = 0; r < rowCount(split.test); r++) if (cellAt(split.test, r, 'label') === 'rare') rareInTest++;
    expect(rareInTest).toBe(0.2 * (ROWS / 100));
    const prep = Preprocessor.fit(split.train, { target: 'label' });
    expect(prep.classes).toEqual(['common', 'medium', 'rare']);
    expect(prep.inputNames).toEqual(['x', 'colour=blue', 'colour=green', 'colour=red', 'value']);
    const x = permuteRows(prep.transform(split.train), split.trainOrder!);
    const y = permuteRows(prep.transformTarget(split.train), split.trainOrder!);
    expect(x.rows).toBe(0.8 * ROWS);
    // Row i of the seeded order is the same row in inputs and targets: check one against its source.
    const sourceRow = split.trainOrder![777]!;
    const spec = prep.toJSON().features[0] as { center: number; scale: number };
    expect(x.data[777 * 5]).toBeCloseTo((Number(cellAt(split.train, sourceRow, 'x')) - spec.center) / spec.scale, 12);
    expect(y.data[777 * 3 + prep.classes!.indexOf(cellAt(split.train, sourceRow, 'label'))]).toBe(1);

    // Regression on the same rows: the target's mean is known exactly (x is 0..999 evenly).
    const plain = splitTable(table, { testFraction: 0.1, seed: 4, order: 'file' });
    const reg = Preprocessor.fit(plain.train, { target: 'value', task: 'regression', features: ['x', 'colour'] });
    const target = reg.toJSON().target as { center: number; scale: number };
    expect(target.center).toBeCloseTo(999 * 0.25 + 3, 0);
    expect(reg.transformTarget(plain.test).rows).toBe(0.1 * ROWS);

    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const growthMiB = peakMiB - rssBefore / 2 ** 20;
    console.log(`2,000,000 rows (${(bytes.length / 2 ** 20).toFixed(0)} MiB of CSV): peak RSS ${peakMiB.toFixed(0)} MiB, ${growthMiB.toFixed(0)} MiB above the start`);
    // Bounded: the table is stored by column (1-2 bytes a cell here), so what remains is the
    // generated text and the float64 matrices (2M × 5 and 2M × 3 doubles, 128 MiB with their
    // permuted copies); a table of row objects (825 MiB before) or a quadratic step would fail this.
    expect(growthMiB).toBeLessThan(700);
  }, 180_000);
});
