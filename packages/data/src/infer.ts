/**
 * What a column holds, decided from its values: numbers, or categories (text). The rule, which
 * the README documents: a column is numeric when at least half of its cells hold numbers; then
 * a cell that does not is an error (a typo in a number column), not a new category. A column
 * mostly of text is categorical, and its numbers are category names like any other text.
 * Classification or regression is decided from the target column the same way.
 */
import { DataError } from './errors.js';
import type { Task } from './schema.js';
import { codeCounts, columnOf, entryNumbers, textAt } from './columns/column-data.js';
import { locate, locationText, rowCount, type Table } from './table.js';

export type ColumnKind = 'numeric' | 'categorical';

/** A target of whole numbers with at most this many distinct values is taken as class labels. */
export const MAX_INTEGER_CLASSES = 20;

/** One pass over a column: the number in each cell, and where the empty and the text cells are. */
export interface ColumnScan {
  /** The number each cell holds; NaN where the cell is empty or not a number. */
  readonly numbers: Float64Array;
  /** Cells holding a number. */
  readonly numberCount: number;
  /** Empty cells (null, undefined, '' or spaces). */
  readonly missingCount: number;
  /** Row of the first empty cell, −1 when none. */
  readonly firstMissing: number;
  /** Row of the first cell that is neither empty nor a number, −1 when none. */
  readonly firstText: number;
}

/** Reads `column` of every row once (8 bytes a row); linear time. */
export function scanColumn(table: Table, column: string): ColumnScan {
  const data = columnOf(table, column);
  const n = data.length;
  if (data.kind === 'values') {
    const numbers = data.numbers.slice();
    let numberCount = 0;
    let missingCount = 0;
    let firstMissing = -1;
    let firstText = -1;
    const texts = data.texts;
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(numbers[i]!)) numberCount++;
      else if (texts?.[i] !== undefined) {
        if (firstText < 0) firstText = i;
      } else {
        if (firstMissing < 0) firstMissing = i;
        missingCount++;
      }
    }
    return { numbers, numberCount, missingCount, firstMissing, firstText };
  }
  // A dictionary: each distinct text parsed once, then one gather of the codes.
  const entries = entryNumbers(data);
  const counts = codeCounts(data);
  const codes = data.codes;
  const numbers = new Float64Array(n);
  for (let i = 0; i < n; i++) numbers[i] = entries[codes[i]!]!;
  let numberCount = 0;
  let textCount = 0;
  for (let code = 1; code < counts.length; code++) {
    if (Number.isNaN(entries[code]!)) textCount += counts[code]!;
    else numberCount += counts[code]!;
  }
  const missingCount = counts[0]!;
  const firstWhere = (isWanted: (code: number) => boolean): number => {
    for (let i = 0; i < n; i++) if (isWanted(codes[i]!)) return i;
    return -1;
  };
  const firstMissing = missingCount > 0 ? firstWhere((code) => code === 0) : -1;
  const firstText = textCount > 0 ? firstWhere((code) => code !== 0 && Number.isNaN(entries[code]!)) : -1;
  return { numbers, numberCount, missingCount, firstMissing, firstText };
}

/** The DataError for the empty cells of a column: the first one named, all of them counted. */
export function missingError(table: Table, column: string, scan: ColumnScan, operation: string): DataError {
  const where = locate(table, scan.firstMissing, column);
  const more = scan.missingCount > 1 ? ` (${scan.missingCount.toLocaleString('en-US')} empty cells in this column in all)` : '';
  return new DataError(operation, `${locationText(where)} is empty${more}; backprop does not fill in missing values unless asked: fill them in, or choose what to do (--missing drop|mean|median|mode)`, where);
}

/** Throws DataError naming the first empty cell of `column` and counting them all. */
export function requireComplete(table: Table, column: string, operation: string): void {
  const scan = scanColumn(table, column);
  if (scan.missingCount > 0) throw missingError(table, column, scan, operation);
}

/** Throws DataError when `column` is not one of the table's columns, listing those it has. */
export function requireColumn(table: Table, column: string, role: string, operation: string): void {
  if (!table.columns.includes(column)) {
    const source = table.source ?? 'rows';
    throw new DataError(operation, `${source} has no ${role} column ${JSON.stringify(column)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column });
  }
}

/**
 * Numeric when at least half the non-empty cells hold numbers; then every non-empty cell must
 * (else DataError naming the first that does not). Empty cells are not looked at here.
 */
export function kindFromScan(table: Table, column: string, scan: ColumnScan, operation: string): ColumnKind {
  if (scan.firstText < 0) return scan.numberCount > 0 ? 'numeric' : 'categorical';
  const filled = rowCount(table) - scan.missingCount;
  if (scan.numberCount * 2 < filled) return 'categorical';
  const where = locate(table, scan.firstText, column);
  throw new DataError(
    operation,
    `${locationText(where)}: expected a number (the column holds numbers in ${scan.numberCount} of ${filled} rows), got ${JSON.stringify(textAt(columnOf(table, column), scan.firstText))}`,
    where,
  );
}

/** Numeric when at least half the cells hold numbers; then every cell must. Cells must not be empty. */
export function inferColumnKind(table: Table, column: string, operation: string): ColumnKind {
  return kindFromScan(table, column, scanColumn(table, column), operation);
}

/**
 * Classification or regression from the target column: text labels, or whole numbers with at
 * most MAX_INTEGER_CLASSES distinct values, are classes; other numbers are a regression.
 * Returns the task and the reason, in words, for the user.
 */
export function inferTask(table: Table, target: string): { task: Task; reason: string } {
  requireColumn(table, target, 'target', 'inferTask');
  const scan = scanColumn(table, target);
  if (scan.missingCount > 0) throw missingError(table, target, scan, 'inferTask');
  const kind = kindFromScan(table, target, scan, 'inferTask');
  const name = JSON.stringify(target);
  if (kind === 'categorical') return { task: 'classification', reason: `target ${name} holds text labels` };
  const distinctValues = new Set<number>();
  let whole = true;
  for (const v of scan.numbers) {
    distinctValues.add(v);
    if (whole && !Number.isInteger(v)) whole = false;
  }
  const distinct = distinctValues.size;
  if (whole && distinct <= MAX_INTEGER_CLASSES) {
    return { task: 'classification', reason: `target ${name} holds ${distinct} distinct whole numbers (at most ${MAX_INTEGER_CLASSES} are taken as classes)` };
  }
  return { task: 'regression', reason: `target ${name} holds numbers (${distinct} distinct values)` };
}
