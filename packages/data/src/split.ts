/**
 * Seeded train/test splits of a table. Stratified by a column (for classification): every value
 * of that column keeps its share of rows in each part, so a rare class is not left out of the
 * test part by chance. The same seed and table always give the same split, on any machine
 * (core's seeded Random).
 */
import { Random } from '@backprop/core';
import { DataError } from './errors.js';
import { categoryOf, isMissing, locate, locationText, type Table } from './table.js';

export interface SplitOptions {
  /** Fraction of the rows (of each group, when stratified) that go to the test part, in (0, 1). */
  readonly testFraction: number;
  /** Seed of the shuffle (an integer). */
  readonly seed: number;
  /** Keep each value of this column in proportion (a classification target). */
  readonly stratifyBy?: string;
}

export interface TableSplit {
  readonly train: Table;
  readonly test: Table;
}

/** The rows at `indices`, in that order, with their line numbers. */
export function pickRows(table: Table, indices: readonly number[]): Table {
  return {
    columns: table.columns,
    rows: indices.map((i) => table.rows[i]!),
    ...(table.source !== undefined ? { source: table.source } : {}),
    ...(table.lines ? { lines: indices.map((i) => table.lines![i]!) } : {}),
  };
}

/**
 * Splits `table` into train and test rows. Throws DataError when the fraction is out of range,
 * the stratifying column is missing or has an empty cell, or a part would be empty.
 */
export function splitTable(table: Table, options: SplitOptions): TableSplit {
  const { testFraction, seed, stratifyBy } = options;
  if (!(testFraction > 0 && testFraction < 1)) throw new DataError('splitTable', `testFraction must be in (0, 1), got ${testFraction}`);
  if (!Number.isInteger(seed)) throw new DataError('splitTable', `seed must be an integer, got ${seed}`);
  if (table.rows.length === 0) throw new DataError('splitTable', `${table.source ?? 'rows'} has no data rows (a header alone is not enough to train on)`, { source: table.source ?? 'rows' });
  const groups = new Map<string, number[]>();
  if (stratifyBy !== undefined && !table.columns.includes(stratifyBy)) {
    throw new DataError('splitTable', `${table.source ?? 'rows'} has no column ${JSON.stringify(stratifyBy)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source: table.source ?? 'rows', column: stratifyBy });
  }
  table.rows.forEach((row, i) => {
    let key = '';
    if (stratifyBy !== undefined) {
      const v = row[stratifyBy];
      if (isMissing(v)) {
        const where = locate(table, i, stratifyBy);
        throw new DataError('splitTable', `${locationText(where)} is empty: every row needs a target value`, where);
      }
      key = categoryOf(v);
    }
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const random = new Random(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort()) {
    const members = Uint32Array.from(groups.get(key)!);
    random.shuffle(members);
    const testCount = Math.round(members.length * testFraction);
    test.push(...members.subarray(0, testCount));
    train.push(...members.subarray(testCount));
  }
  if (train.length === 0 || test.length === 0) {
    // Stratified, each class rounds its own share: classes of one or two rows give no test rows.
    const why =
      stratifyBy !== undefined && test.length === 0 && groups.size > 1
        ? `each of the ${groups.size} classes of ${JSON.stringify(stratifyBy)} has too few rows for ${Math.round(testFraction * 100)}% of them to round to one (is it really a classification target? --task regression treats it as a number)`
        : `${Math.round(testFraction * 100)}% of ${table.rows.length} rows leaves ${train.length} to train and ${test.length} to test`;
    throw new DataError('splitTable', `${table.source ?? 'rows'}: cannot hold out a test set: ${why}; both sets need at least one row (use more rows, or a larger --test-split)`, { source: table.source ?? 'rows' });
  }
  // Mix the groups, so that the training order does not run class by class.
  const mixedTrain = Uint32Array.from(train);
  const mixedTest = Uint32Array.from(test);
  random.shuffle(mixedTrain);
  random.shuffle(mixedTest);
  return { train: pickRows(table, Array.from(mixedTrain)), test: pickRows(table, Array.from(mixedTest)) };
}
