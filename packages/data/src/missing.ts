/**
 * Rows with empty cells, found and left out: what `missing: 'drop'` means, and what every other
 * policy does with a row whose target is empty (a target cannot be filled in).
 */
import { pickRows } from './split.js';
import { describeValue } from '@backprop/core';
import { columnOf, type ColumnData } from './columns/column-data.js';
import { DataError } from './errors.js';
import { requireColumn } from './infer.js';
import { rowCount, type Table } from './table.js';

export interface DroppedRows {
  /** The rows whose listed cells are all filled, in their order, with their line numbers. */
  readonly table: Table;
  /** How many rows were left out. */
  readonly dropped: number;
  /** The file lines (or 1-based row numbers) of the first 10 rows left out, for messages. */
  readonly firstDropped: readonly number[];
}

/** `table` without the rows that have an empty cell in any of `columns` (linear; rows are not copied). */
export function dropIncomplete(table: Table, columns: readonly string[]): DroppedRows {
  const given: unknown = columns;
  if (!Array.isArray(given)) throw new DataError('dropIncomplete', `expected the list of columns whose empty cells drop a row (e.g. the features and the target), got ${describeValue(columns)}`);
  for (const c of columns) requireColumn(table, c, 'listed', 'dropIncomplete');
  const n = rowCount(table);
  const incomplete = new Uint8Array(n);
  for (const c of columns) markEmpty(columnOf(table, c), incomplete);
  const keep = new Uint32Array(n);
  let kept = 0;
  const firstDropped: number[] = [];
  for (let r = 0; r < n; r++) {
    if (incomplete[r] === 0) keep[kept++] = r;
    else if (firstDropped.length < 10) firstDropped.push(table.lines?.[r] ?? r + 1);
  }
  if (kept === n) return { table, dropped: 0, firstDropped };
  return { table: pickRows(table, keep.subarray(0, kept)), dropped: n - kept, firstDropped };
}

/** Sets `marks[r]` for each empty cell of the column. */
function markEmpty(column: ColumnData, marks: Uint8Array): void {
  if (column.kind === 'dictionary') {
    const codes = column.codes;
    for (let r = 0; r < codes.length; r++) if (codes[r] === 0) marks[r] = 1;
    return;
  }
  const { numbers, texts } = column;
  for (let r = 0; r < numbers.length; r++) if (Number.isNaN(numbers[r]!) && texts?.[r] === undefined) marks[r] = 1;
}
