/**
 * Seeded train/test splits. Stratified by a group (a class): every group keeps its share of rows
 * in each part, so a rare class is not left out of the test part by chance. The same seed and
 * the same rows always give the same split, on any machine (core's seeded Random).
 *
 * `splitIndices` is the one split of the project: it works on row numbers and group codes in
 * typed arrays (a counting sort, linear in the rows, 12 bytes a row), so it serves a table of
 * millions of rows as well as the demo's built-in datasets. `splitTable` applies it to a table.
 */
import { Random } from '@backprop/core';
import { DataError } from './errors.js';
import { ColumnTable } from './columns/column-table.js';
import { asDictionary, columnOf } from './columns/column-data.js';
import { locate, locationText, rowCount, type Table, type TableRow } from './table.js';

export interface SplitOptions {
  /** Fraction of the rows (of each group, when stratified) that go to the test part, in (0, 1). */
  readonly testFraction: number;
  /** Seed of the shuffle (an integer). */
  readonly seed: number;
  /** Keep each value of this column in proportion (a classification target). */
  readonly stratifyBy?: string;
  /**
   * 'shuffled' (the default): each part's rows in the split's seeded random order. 'file': each
   * part's rows in the table's order, and `trainOrder`/`testOrder` give the seeded order. Reading
   * a million rows in file order is several times faster (memory is read in sequence, not at
   * random), so preprocess in file order, then reorder the matrices with `permuteRows`.
   */
  readonly order?: 'shuffled' | 'file';
}

export interface TableSplit {
  readonly train: Table;
  readonly test: Table;
  /** With order 'file': row i of the seeded order is row trainOrder[i] of `train`. */
  readonly trainOrder?: Uint32Array;
  /** With order 'file': row i of the seeded order is row testOrder[i] of `test`. */
  readonly testOrder?: Uint32Array;
}

export interface IndexSplitOptions {
  /** Fraction of each group's rows that go to the test part, in (0, 1). */
  readonly testFraction: number;
  /** Seed of the shuffle (an integer). */
  readonly seed: number;
  /**
   * The group of each row, a whole number ≥ 0 (a class index); omitted: one group. Groups are
   * split in increasing order of their number, which fixes the sequence of random draws.
   */
  readonly groups?: ArrayLike<number>;
}

/** Row numbers of the two parts, each in a seeded random order (the groups mixed). */
export interface IndexSplit {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
  /** Rows in each group, indexed by group number. */
  readonly groupSizes: Uint32Array;
}

function checkOptions(op: string, testFraction: number, seed: number): void {
  if (!(testFraction > 0 && testFraction < 1)) throw new DataError(op, `testFraction must be in (0, 1), got ${testFraction}`);
  if (!Number.isInteger(seed)) throw new DataError(op, `seed must be an integer, got ${seed}`);
}

/**
 * Splits rows 0..rows−1 into train and test: within each group (in increasing group number) the
 * rows are shuffled and the first round(size × testFraction) go to test; then each part is
 * shuffled, so the training order does not run group by group. O(rows + groups) time; the only
 * allocations are typed arrays. Parts may be empty: callers decide whether that is an error.
 * Throws DataError for a fraction outside (0, 1), a non-integer seed, or a bad group number.
 */
export function splitIndices(rows: number, options: IndexSplitOptions): IndexSplit {
  const op = 'splitIndices';
  const { testFraction, seed, groups } = options;
  checkOptions(op, testFraction, seed);
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > 0xffffffff) throw new DataError(op, `rows must be a whole number from 0 to 2^32 − 1, got ${rows}`);
  if (groups !== undefined && groups.length !== rows) throw new DataError(op, `expected one group number per row (${rows}), got ${groups.length}`);
  // Counting sort of the rows by group, each group's rows in increasing row order.
  let groupCount = 1;
  if (groups) {
    groupCount = 0;
    for (let r = 0; r < rows; r++) {
      const g = groups[r]!;
      if (!(Number.isInteger(g) && g >= 0 && g < 0x100000)) throw new DataError(op, `row ${r}: a group must be a whole number from 0 to 1048575, got ${g}`);
      if (g >= groupCount) groupCount = g + 1;
    }
  }
  const groupSizes = new Uint32Array(groupCount);
  if (groups) for (let r = 0; r < rows; r++) groupSizes[groups[r]!]!++;
  else groupSizes[0] = rows;
  const starts = new Uint32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) starts[g + 1] = starts[g]! + groupSizes[g]!;
  const members = new Uint32Array(rows);
  if (groups) {
    const next = starts.slice(0, groupCount);
    for (let r = 0; r < rows; r++) members[next[groups[r]!]!++] = r;
  } else {
    for (let r = 0; r < rows; r++) members[r] = r;
  }
  let testRows = 0;
  for (let g = 0; g < groupCount; g++) testRows += Math.round(groupSizes[g]! * testFraction);
  const train = new Uint32Array(rows - testRows);
  const test = new Uint32Array(testRows);
  const random = new Random(seed);
  let t = 0;
  let k = 0;
  for (let g = 0; g < groupCount; g++) {
    const group = members.subarray(starts[g], starts[g + 1]);
    random.shuffle(group);
    const testCount = Math.round(group.length * testFraction);
    test.set(group.subarray(0, testCount), t);
    train.set(group.subarray(testCount), k);
    t += testCount;
    k += group.length - testCount;
  }
  random.shuffle(train);
  random.shuffle(test);
  return { train, test, groupSizes };
}

/** The rows at `indices`, in that order, with their line numbers (no copy of the rows themselves). */
export function pickRows(table: Table, indices: ArrayLike<number>): Table {
  if (table instanceof ColumnTable) return table.pick(indices);
  const n = indices.length;
  const rows = new Array<TableRow>(n);
  for (let i = 0; i < n; i++) rows[i] = table.rows[indices[i]!]!;
  let lines: Uint32Array | undefined;
  if (table.lines) {
    lines = new Uint32Array(n);
    for (let i = 0; i < n; i++) lines[i] = table.lines[indices[i]!]!;
  }
  return {
    columns: table.columns,
    rows,
    ...(table.source !== undefined ? { source: table.source } : {}),
    ...(lines ? { lines } : {}),
  };
}

/**
 * The group code of every row of `table` by the value of `column`: codes follow the values'
 * sorted order (so the split does not depend on row order). Throws DataError naming the first
 * empty cell.
 */
/** The most groups splitIndices takes (group numbers 0 to 1048575). */
const MAX_GROUPS = 0x100000;

function groupCodes(table: Table, column: string): { codes: Uint32Array; names: string[] } {
  const data = columnOf(table, column);
  const n = data.length;
  // A column kept as numbers is grouped by their text.
  const dictionary = asDictionary(data, MAX_GROUPS);
  if (!dictionary) {
    const source = table.source ?? 'rows';
    throw new DataError('splitTable', `cannot stratify by column ${JSON.stringify(column)} of ${source}: it has more than ${MAX_GROUPS.toLocaleString('en-US')} distinct values (is it a class label?)`, { source, column });
  }
  const { codes, names: entries } = dictionary;
  const used = new Uint8Array(entries.length);
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code === 0) {
      const where = locate(table, i, column);
      throw new DataError('splitTable', `${locationText(where)} is empty: every row needs a target value`, where);
    }
    used[code] = 1;
  }
  const names = entries.filter((_, code) => used[code] === 1).sort();
  const rankOf = new Map(names.map((name, rank) => [name, rank]));
  const rank = Uint32Array.from(entries, (name, code) => (used[code] === 1 ? rankOf.get(name)! : 0));
  const grouped = new Uint32Array(n);
  for (let i = 0; i < n; i++) grouped[i] = rank[codes[i]!]!;
  return { codes: grouped, names };
}

/**
 * Splits `table` into train and test rows (through splitIndices, linear in the rows). Throws
 * DataError when the fraction is out of range, the stratifying column is missing or has an
 * empty cell, or a part would be empty.
 */
export function splitTable(table: Table, options: SplitOptions): TableSplit {
  const { testFraction, seed, stratifyBy } = options;
  checkOptions('splitTable', testFraction, seed);
  const source = table.source ?? 'rows';
  const rows = rowCount(table);
  if (rows === 0) throw new DataError('splitTable', `${source} has no data rows (a header alone is not enough to train on)`, { source });
  if (stratifyBy !== undefined && !table.columns.includes(stratifyBy)) {
    throw new DataError('splitTable', `${source} has no column ${JSON.stringify(stratifyBy)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column: stratifyBy });
  }
  const grouped = stratifyBy !== undefined ? groupCodes(table, stratifyBy) : undefined;
  const { train, test } = splitIndices(rows, { testFraction, seed, ...(grouped ? { groups: grouped.codes } : {}) });
  if (train.length === 0 || test.length === 0) {
    // Stratified, each class rounds its own share: classes of one or two rows give no test rows.
    const classes = grouped?.names.length ?? 1;
    const why =
      stratifyBy !== undefined && test.length === 0 && classes > 1
        ? `each of the ${classes} classes of ${JSON.stringify(stratifyBy)} has too few rows for ${Math.round(testFraction * 100)}% of them to round to one (is it really a classification target? --task regression treats it as a number)`
        : `${Math.round(testFraction * 100)}% of ${rows} rows leaves ${train.length} to train and ${test.length} to test`;
    throw new DataError('splitTable', `${source}: cannot hold out a test set: ${why}; both sets need at least one row (use more rows, or a larger --test-split)`, { source });
  }
  if (options.order !== 'file') return { train: pickRows(table, train), test: pickRows(table, test) };
  const trainInFile = inFileOrder(train, rows);
  const testInFile = inFileOrder(test, rows);
  return { train: pickRows(table, trainInFile.sorted), test: pickRows(table, testInFile.sorted), trainOrder: trainInFile.order, testOrder: testInFile.order };
}

/** `indices` sorted (a counting pass over 0..rows−1), and where each of the given order sits among them. */
function inFileOrder(indices: Uint32Array, rows: number): { sorted: Uint32Array; order: Uint32Array } {
  const position = new Int32Array(rows).fill(-1);
  for (const i of indices) position[i] = 0;
  const sorted = new Uint32Array(indices.length);
  let k = 0;
  for (let r = 0; r < rows; r++) if (position[r] === 0) {
      position[r] = k;
      sorted[k++] = r;
    }
  const order = new Uint32Array(indices.length);
  for (let i = 0; i < indices.length; i++) order[i] = position[indices[i]!]!;
  return { sorted, order };
}

/** A row-major matrix's rows in another order: row i of the result is row order[i] of `m`. */
export function permuteRows<M extends { readonly data: Float64Array; readonly rows: number; readonly cols: number }>(m: M, order: ArrayLike<number>): M {
  const { cols } = m;
  if (!(m.data instanceof Float64Array) || typeof m.rows !== 'number') {
    throw new DataError('permuteRows', 'expected a matrix ({ data: Float64Array, rows, cols }: what transform and transformTarget return), got something else (a table? transform it first)');
  }
  if (order.length !== m.rows) throw new DataError('permuteRows', `expected an order of ${m.rows} rows, got ${order.length}`);
  const data = new Float64Array(m.data.length);
  const from = m.data;
  // Element by element: a subarray per row costs more than copying a row of a few inputs.
  for (let i = 0; i < order.length; i++) {
    const source = order[i]! * cols;
    const target = i * cols;
    for (let c = 0; c < cols; c++) data[target + c] = from[source + c]!;
  }
  return { ...m, data };
}
