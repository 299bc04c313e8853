/** The DataErrors of encoding a cell: each names the file, line and column, and what came. */
import { DataError } from '../errors.js';
import { locate, locationText, type Table } from '../table.js';

/** float32's largest finite value: the range of every backend's arithmetic. */
export const MAX_MAGNITUDE = 3.4028234663852886e38;

/** A number too large for the float32 arithmetic of every backend, before or after scaling. */
export function rangeError(table: Table, row: number, column: string, text: string, op: string): DataError {
  const where = locate(table, row, column);
  return new DataError(op, `${locationText(where)}: ${text} is too large: networks compute in float32, whose values (inputs and targets, before and after scaling) must lie within ±3.4e38`, where);
}

/** A cell that is not what the column needs; `text` is the cell's ('' when empty). */
export function cellError(table: Table, row: number, column: string, expected: string, text: string, op: string): DataError {
  const where = locate(table, row, column);
  const got = text === '' ? 'an empty cell' : JSON.stringify(text);
  return new DataError(op, `${locationText(where)}: ${expected}, got ${got}`, where);
}
