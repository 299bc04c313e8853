/**
 * A table: rows of named values, as they come from a CSV header and its lines, a JSON array of
 * objects, or code. Values stay as they came (strings from CSV, numbers or strings from JSON);
 * the preprocessor decides what each column is. `lines` lets every message name the line of a
 * file a bad value sits on.
 */
import { describeValue } from '@backprop/core';
import type { DataLocation } from './errors.js';

/** One cell: what a CSV or JSON reader gives. `null`, `undefined` and '' are missing values. */
export type Cell = string | number | boolean | null | undefined;

export type TableRow = Readonly<Record<string, Cell>>;

export interface Table {
  /** Column names in file order (the CSV header, or the keys seen in JSON objects). */
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** Where the rows came from, for messages: a file name; default "rows". */
  readonly source?: string;
  /**
   * 1-based line of each row in the source file, for messages; row indices are used without it.
   * The readers and the split give a Uint32Array (4 bytes a row).
   */
  readonly lines?: ArrayLike<number>;
  /**
   * The number of rows, given by tables stored by column (the CSV reader's), whose `rows` are
   * built only when asked for. Read it through `rowCount(table)`.
   */
  readonly rowCount?: number;
}

/** How many rows `table` has, without building the rows of a table stored by column. */
export function rowCount(table: Table): number {
  return table.rowCount ?? table.rows.length;
}

/** Where row `row` (0-based) of `table` is: its file line when known. */
export function locate(table: Table, row: number, column?: string): DataLocation {
  const line = table.lines?.[row];
  return { source: table.source ?? 'rows', row, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
}

export function locationText(l: DataLocation): string {
  const at = l.line !== undefined ? ` line ${l.line}` : l.row !== undefined ? ` row ${l.row + 1}` : '';
  return `${l.source ?? 'rows'}${at}${l.column !== undefined ? `, column ${JSON.stringify(l.column)}` : ''}`;
}

export function isMissing(v: Cell): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

// Plain decimal notation only: Number() would also take "0x1F", "  ", "Infinity".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a cell holds (a finite number, or a string in decimal notation: ±Infinity when it overflows float64), else undefined. */
export function numberOf(v: Cell): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!DECIMAL.test(s)) return undefined;
    // A number too large for float64 ("1e400") is ±Infinity: still a number, refused as too large.
    return Number(s);
  }
  return undefined;
}

/** The category a cell names: its text, trimmed. */
export function categoryOf(v: Cell): string {
  return typeof v === 'string' ? v.trim() : String(v);
}

export function cellText(v: Cell): string {
  return describeValue(v);
}
