/**
 * What a column holds, decided from its values: numbers, or categories (text). The rule, which
 * the README documents: a column is numeric when at least half of its cells hold numbers; then
 * a cell that does not is an error (a typo in a number column), not a new category. A column
 * mostly of text is categorical, and its numbers are category names like any other text.
 * Classification or regression is decided from the target column the same way.
 */
import { DataError } from './errors.js';
import type { Task } from './schema.js';
import { categoryOf, isMissing, locate, locationText, numberOf, type Table } from './table.js';

export type ColumnKind = 'numeric' | 'categorical';

/** A target of whole numbers with at most this many distinct values is taken as class labels. */
export const MAX_INTEGER_CLASSES = 20;

/** Throws DataError naming the first empty cell of `column`. */
export function requireComplete(table: Table, column: string, operation: string): void {
  table.rows.forEach((row, i) => {
    if (isMissing(row[column])) {
      const where = locate(table, i, column);
      throw new DataError(operation, `${locationText(where)} is empty; backprop does not fill in missing values: fill it in or remove the row`, where);
    }
  });
}

/** Throws DataError when `column` is not one of the table's columns, listing those it has. */
export function requireColumn(table: Table, column: string, role: string, operation: string): void {
  if (!table.columns.includes(column)) {
    const source = table.source ?? 'rows';
    throw new DataError(operation, `${source} has no ${role} column ${JSON.stringify(column)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column });
  }
}

/** Numeric when at least half the cells hold numbers; then every cell must. Cells must not be empty. */
export function inferColumnKind(table: Table, column: string, operation: string): ColumnKind {
  let numbers = 0;
  let firstText = -1;
  table.rows.forEach((row, i) => {
    if (numberOf(row[column]) !== undefined) numbers++;
    else if (firstText < 0) firstText = i;
  });
  if (firstText < 0) return 'numeric';
  if (numbers * 2 < table.rows.length) return 'categorical';
  const where = locate(table, firstText, column);
  throw new DataError(
    operation,
    `${locationText(where)}: expected a number (the column holds numbers in ${numbers} of ${table.rows.length} rows), got ${JSON.stringify(categoryOf(table.rows[firstText]![column]))}`,
    where,
  );
}

/**
 * Classification or regression from the target column: text labels, or whole numbers with at
 * most MAX_INTEGER_CLASSES distinct values, are classes; other numbers are a regression.
 * Returns the task and the reason, in words, for the user.
 */
export function inferTask(table: Table, target: string): { task: Task; reason: string } {
  requireColumn(table, target, 'target', 'inferTask');
  requireComplete(table, target, 'inferTask');
  const kind = inferColumnKind(table, target, 'inferTask');
  const name = JSON.stringify(target);
  if (kind === 'categorical') return { task: 'classification', reason: `target ${name} holds text labels` };
  const values = table.rows.map((r) => numberOf(r[target])!);
  const distinct = new Set(values).size;
  if (values.every(Number.isInteger) && distinct <= MAX_INTEGER_CLASSES) {
    return { task: 'classification', reason: `target ${name} holds ${distinct} distinct whole numbers (at most ${MAX_INTEGER_CLASSES} are taken as classes)` };
  }
  return { task: 'regression', reason: `target ${name} holds numbers (${distinct} distinct values)` };
}
