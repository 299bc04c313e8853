import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { inferTask } from './infer.js';
import { dropIncomplete } from './missing.js';
import { Preprocessor } from './preprocessor.js';
import type { Table } from './table.js';

const train: Table = {
  columns: ['size', 'colour', 'label'],
  source: 'train.csv',
  lines: [2, 3, 4, 5],
  rows: [
    { size: '1', colour: 'red', label: 'b' },
    { size: '3', colour: 'blue', label: 'a' },
    { size: 5, colour: ' red ', label: 'b' },
    { size: '7', colour: 'green', label: 'a' },
  ],
};

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('Preprocessor', () => {
  it('refuses numbers beyond float32 at fit and at transform, naming file, line and column', () => {
    const huge: Table = { ...train, rows: train.rows.map((r, i) => (i === 2 ? { ...r, size: '1e300' } : r)) };
    expect(errorOf(() => Preprocessor.fit(huge, { target: 'label' })).message).toBe(
      'fitPreprocessor: train.csv line 4, column "size": 1e300 is too large: networks compute in float32, whose values (inputs and targets, before and after scaling) must lie within ±3.4e38',
    );
    const p = Preprocessor.fit(train, { target: 'label' });
    const later: Table = { ...train, source: 'new.csv', rows: [{ size: '1e39', colour: 'red', label: 'a' }], lines: [2] };
    expect(errorOf(() => p.transform(later)).message).toMatch(/^preprocess: new\.csv line 2, column "size": 1e39 is too large/);
    // Within float32 before scaling, beyond it after: a value far outside the training range.
    const tiny: Table = { ...train, rows: train.rows.map((r) => ({ ...r, size: String(Number(r.size) * 1e-30) })) };
    const q = Preprocessor.fit(tiny, { target: 'label', normalize: 'minmax' });
    const far: Table = { ...train, source: 'far.csv', rows: [{ size: '3e20', colour: 'red', label: 'a' }], lines: [7] };
    expect(errorOf(() => q.transform(far)).message).toMatch(/^preprocess: far\.csv line 7, column "size": 3e20 is too large/);
  });

  it('standardises numbers, one-hot encodes text, maps classes to outputs (fitted values)', () => {
    const p = Preprocessor.fit(train, { target: 'label' });
    expect(p.inputNames).toEqual(['size', 'colour=blue', 'colour=green', 'colour=red']);
    expect(p.classes).toEqual(['a', 'b']);
    const sd = Math.sqrt(5); // sizes 1,3,5,7: mean 4, population variance 5
    const x = p.transform(train);
    expect(x.cols).toBe(4);
    expect(Array.from(x.data.subarray(0, 4))).toEqual([(1 - 4) / sd, 0, 0, 1]);
    expect(Array.from(x.data.subarray(12, 16))).toEqual([(7 - 4) / sd, 0, 1, 0]);
    expect(Array.from(p.transformTarget(train).data)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });

  it('a class named __proto__ or constructor is a probability like any other', () => {
    const odd: Table = { ...train, rows: train.rows.map((r) => ({ ...r, label: r.label === 'a' ? '__proto__' : 'constructor' })) };
    const p = Preprocessor.fit(odd, { target: 'label' });
    const [first] = p.decodeClasses([0.25, 0.75], 1);
    expect(Object.keys(first!.probabilities).sort()).toEqual(['__proto__', 'constructor']);
    expect(first!.probabilities['__proto__']).toBe(p.classes?.[0] === '__proto__' ? 0.25 : 0.75);
    expect(JSON.parse(JSON.stringify(first!.probabilities))).toEqual(JSON.parse('{"__proto__": ' + String(first!.probabilities['__proto__']) + ', "constructor": ' + String(first!.probabilities['constructor']) + '}'));
  });

  it('applies the same steps to rows with columns in another order, ignoring extra columns', () => {
    const p = Preprocessor.fit(train, { target: 'label' });
    const fresh: Table = { columns: ['note', 'colour', 'size'], rows: [{ note: 'x', colour: 'green', size: '4' }] };
    expect(Array.from(p.transform(fresh).data)).toEqual([0, 0, 1, 0]);
    expect(p.hasTarget(fresh)).toBe(false);
  });

  it('minmax and none scalings; a regression target scaled and decoded back into its units', () => {
    const minmax = Preprocessor.fit(train, { target: 'size', task: 'regression', normalize: 'minmax', features: ['colour'] });
    expect(minmax.toJSON().target).toEqual({ name: 'size', kind: 'numeric', center: 1, scale: 6 });
    expect(Array.from(minmax.transformTarget(train).data)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(minmax.decodeValues([0.5], 1)).toEqual([{ value: 4 }]);
    const none = Preprocessor.fit(train, { target: 'label', normalize: 'none', features: ['size'] });
    expect(Array.from(none.transform(train).data)).toEqual([1, 3, 5, 7]);
  });

  it('round-trips through JSON and decodes class names with probabilities', () => {
    const p = Preprocessor.fit(train, { target: 'label' });
    const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(again.transform(train).data)).toEqual(Array.from(p.transform(train).data));
    expect(again.decodeClasses([0.2, 0.8, 0.9, 0.1], 2)).toEqual([
      { class: 'b', probability: 0.8, probabilities: { a: 0.2, b: 0.8 } },
      { class: 'a', probability: 0.9, probabilities: { a: 0.9, b: 0.1 } },
    ]);
  });

  it('refuses a missing target or feature column, naming it and the columns there are', () => {
    expect(errorOf(() => Preprocessor.fit(train, { target: 'kind' })).message).toBe(
      'fitPreprocessor: train.csv has no target column "kind"; its columns are "size", "colour", "label"',
    );
    expect(errorOf(() => Preprocessor.fit(train, { target: 'label', features: ['size', 'weight'] })).message).toContain('no feature column "weight"');
  });

  it('refuses text in a numeric column, an empty cell, a single class, naming file, line and column', () => {
    const typo: Table = { ...train, rows: train.rows.map((r, i) => (i === 2 ? { ...r, size: '5,5' } : r)) };
    const e = errorOf(() => Preprocessor.fit(typo, { target: 'label' }));
    expect(e.message).toBe('fitPreprocessor: train.csv line 4, column "size": expected a number (the column holds numbers in 3 of 4 rows), got "5,5"');
    expect(e.location).toEqual({ source: 'train.csv', row: 2, line: 4, column: 'size' });
    const empty: Table = { ...train, rows: train.rows.map((r, i) => (i === 1 ? { ...r, colour: '' } : r)) };
    expect(errorOf(() => Preprocessor.fit(empty, { target: 'label' })).message).toContain('train.csv line 3, column "colour" is empty');
    const oneClass: Table = { ...train, rows: train.rows.map((r) => ({ ...r, label: 'a' })) };
    expect(errorOf(() => Preprocessor.fit(oneClass, { target: 'label' })).message).toContain('target "label" has a single class ("a")');
    expect(errorOf(() => Preprocessor.fit({ ...train, rows: [], lines: [] }, { target: 'label' })).message).toContain('has no data rows');
  });

  it('refuses a category training never saw, unless asked to encode it as zeros', () => {
    const p = Preprocessor.fit(train, { target: 'label' });
    const fresh: Table = { columns: ['size', 'colour'], source: 'new.csv', lines: [7], rows: [{ size: '2', colour: 'purple' }] };
    expect(errorOf(() => p.transform(fresh)).message).toBe(
      'preprocess: new.csv line 7, column "colour": expected one of the categories seen in training ("blue", "green", "red"), got "purple"',
    );
    const zeros = p.transform(fresh, { unknownCategory: 'zeros' });
    expect(Array.from(zeros.data.subarray(1))).toEqual([0, 0, 0]);
    expect(zeros.unknownCategories).toBe(1);
    expect(errorOf(() => p.transformTarget({ columns: ['size', 'colour', 'label'], rows: [{ size: 1, colour: 'red', label: 'c' }] })).message).toBe(
      'preprocessTarget: rows row 1, column "label": expected one of the classes seen in training ("a", "b"), got "c"',
    );
  });

  it('refuses a categorical column with too many values (an id column)', () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: `id${i}`, label: i % 2 ? 'a' : 'b' }));
    expect(errorOf(() => Preprocessor.fit({ columns: ['id', 'label'], rows }, { target: 'label' })).message).toContain('column "id" has 150 distinct text values');
  });
});

describe('inferTask', () => {
  it('text labels and few whole numbers are classes; other numbers a regression', () => {
    expect(inferTask(train, 'label')).toEqual({ task: 'classification', reason: 'target "label" holds text labels' });
    expect(inferTask(train, 'size').task).toBe('classification');
    const real: Table = { columns: ['y'], rows: [{ y: '1.5' }, { y: '2' }, { y: '3.25' }] };
    expect(inferTask(real, 'y')).toEqual({ task: 'regression', reason: 'target "y" holds numbers (3 distinct values)' });
  });
});

describe('missing values', () => {
  // size: 1, _, 5, 7, 7 (mean 5, median 6, mode 7); colour: red, blue, _, red, green (mode red).
  const holes: Table = {
    columns: ['size', 'colour', 'label'],
    source: 'holes.csv',
    lines: [2, 3, 4, 5, 6],
    rows: [
      { size: '1', colour: 'red', label: 'a' },
      { size: '', colour: 'blue', label: 'b' },
      { size: '5', colour: ' ', label: 'a' },
      { size: '7', colour: 'red', label: 'b' },
      { size: '7', colour: 'green', label: 'a' },
    ],
  };

  it('error (the default) names the first empty cell and counts them', () => {
    expect(errorOf(() => Preprocessor.fit(holes, { target: 'label' })).message).toBe(
      'fitPreprocessor: holes.csv line 3, column "size" is empty; backprop does not fill in missing values unless asked: fill them in, or choose what to do (--missing drop|mean|median|mode)',
    );
  });

  it('mean, median and mode fit on the filled cells, fill the empty ones, and survive JSON', () => {
    const expected = { mean: 5, median: 6, mode: 7 } as const;
    for (const missing of ['mean', 'median', 'mode'] as const) {
      const p = Preprocessor.fit(holes, { target: 'label', missing, normalize: 'none' });
      const spec = p.toJSON();
      expect(spec.missing).toBe(missing);
      expect(spec.features[0]).toMatchObject({ name: 'size', fill: expected[missing], center: 0, scale: 1 });
      expect(spec.features[1]).toMatchObject({ name: 'colour', categories: ['blue', 'green', 'red'], fill: 'red' });
      const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(spec)));
      const x = again.transform(holes);
      expect(Array.from(x.data.subarray(4, 8))).toEqual([expected[missing], 1, 0, 0]);
      expect(Array.from(x.data.subarray(8, 12))).toEqual([5, 0, 0, 1]);
    }
    // Standard scaling from the four filled sizes (1, 5, 7, 7): mean 5, not counting the hole as 0.
    expect((Preprocessor.fit(holes, { target: 'label', missing: 'mean' }).toJSON().features[0] as { center: number }).center).toBe(5);
  });

  it('drop: dropIncomplete leaves out the rows with an empty cell, keeping their lines', () => {
    const kept = dropIncomplete(holes, ['size', 'colour', 'label']);
    expect(kept.dropped).toBe(2);
    expect(kept.firstDropped).toEqual([3, 4]);
    expect(Array.from(kept.table.lines!)).toEqual([2, 5, 6]);
    const p = Preprocessor.fit(kept.table, { target: 'label', missing: 'drop' });
    expect(p.toJSON().missing).toBe('drop');
    expect(errorOf(() => p.transform(holes)).message).toContain('holes.csv line 3, column "size": expected a number (rows with empty cells are dropped before this step: dropIncomplete), got an empty cell');
  });

  it('a saved fill must be valid', () => {
    const spec = Preprocessor.fit(holes, { target: 'label', missing: 'mode' }).toJSON();
    expect(() => Preprocessor.fromJSON({ ...spec, features: [{ ...spec.features[1]!, fill: 'purple' }] })).toThrow('features[0].fill must be one of its categories, got "purple"');
    expect(() => Preprocessor.fromJSON({ ...spec, features: [{ name: 'size', kind: 'numeric', center: 0, scale: 1 }] })).toThrow(`features: column "size" has no fill value, which missing 'mode' needs`);
  });
});
