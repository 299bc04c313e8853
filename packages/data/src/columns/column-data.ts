/**
 * A column's cells in typed arrays: what every step of the pipeline (inference, inspection, the
 * split, the preprocessor) reads, whether the table came from a CSV file (stored by column as it
 * was read) or from rows of objects (encoded here on first use, once per column).
 *
 * - 'dictionary': `codes[r]` indexes `names` (the cell's trimmed text); code 0 is the empty cell.
 * - 'values': `numbers[r]` is the cell's number, NaN when it is empty or text; `texts[r]` holds
 *   the text of a cell that is not a number (a sparse array; absent when there is none).
 */
import { DataError } from '../errors.js';
import { categoryOf, isMissing, numberOf, type Table } from '../table.js';

export interface DictionaryColumn {
  readonly kind: 'dictionary';
  readonly length: number;
  readonly codes: Uint8Array | Uint16Array | Uint32Array;
  /** The text of each code; names[0] is '' (the empty cell). */
  readonly names: readonly string[];
}

export interface ValueColumn {
  readonly kind: 'values';
  readonly length: number;
  readonly numbers: Float64Array;
  readonly texts?: readonly (string | undefined)[];
}

export type ColumnData = DictionaryColumn | ValueColumn;

/** A table stored by column: how the CSV reader builds tables (see ColumnTable). */
export interface ColumnSource {
  /** The column's cells, for the table's rows in order; undefined for a name it lacks. */
  columnData(name: string): ColumnData | undefined;
}

function hasColumnData(table: Table): table is Table & ColumnSource {
  return typeof (table as Partial<ColumnSource>).columnData === 'function';
}

const encoded = new WeakMap<Table, Map<string, ColumnData>>();

/**
 * The cells of `column` of `table` (which must have it: see requireColumn). For a table of rows
 * the column is dictionary-encoded once (linear) and kept while the table lives.
 */
export function columnOf(table: Table, column: string): ColumnData {
  if (hasColumnData(table)) {
    const data = table.columnData(column);
    if (data) return data;
  }
  let columns = encoded.get(table);
  if (!columns) encoded.set(table, (columns = new Map<string, ColumnData>()));
  let data = columns.get(column);
  if (!data) columns.set(column, (data = encodeRows(table, column)));
  return data;
}

function encodeRows(table: Table, column: string): DictionaryColumn {
  const rows = table.rows;
  const n = rows.length;
  const dictionary = new Map<string, number>([['', 0]]);
  const codes = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const v = rows[r]![column];
    if (isMissing(v)) continue;
    const text = categoryOf(v);
    let code = dictionary.get(text);
    if (code === undefined) dictionary.set(text, (code = dictionary.size));
    codes[r] = code;
  }
  return { kind: 'dictionary', length: n, codes, names: [...dictionary.keys()] };
}

/** The cell's text, trimmed; '' for an empty cell. */
export function textAt(column: ColumnData, row: number): string {
  if (column.kind === 'dictionary') return column.names[column.codes[row]!]!;
  const value = column.numbers[row]!;
  if (!Number.isNaN(value)) return String(value);
  return column.texts?.[row] ?? '';
}

/** The number of each dictionary entry (NaN for the empty entry and for text). */
export function entryNumbers(column: DictionaryColumn): Float64Array {
  return Float64Array.from(column.names, (name, code) => (code === 0 ? NaN : (numberOf(name) ?? NaN)));
}

/** Rows per dictionary code. */
export function codeCounts(column: DictionaryColumn): Uint32Array {
  const counts = new Uint32Array(column.names.length);
  const codes = column.codes;
  for (let r = 0; r < codes.length; r++) counts[codes[r]!]!++;
  return counts;
}

/** The rows `index` of a column, in that order (a gather of its typed arrays). */
export function pickCells(column: ColumnData, index: ArrayLike<number>): ColumnData {
  const n = index.length;
  if (column.kind === 'dictionary') {
    const from = column.codes;
    const codes = new (from.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor)(n);
    for (let i = 0; i < n; i++) codes[i] = from[index[i]!]!;
    return { kind: 'dictionary', length: n, codes, names: column.names };
  }
  const numbers = new Float64Array(n);
  for (let i = 0; i < n; i++) numbers[i] = column.numbers[index[i]!]!;
  const texts = column.texts;
  if (!texts) return { kind: 'values', length: n, numbers };
  const picked: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const text = texts[index[i]!];
    if (text !== undefined) picked[i] = text;
  }
  return { kind: 'values', length: n, numbers, texts: picked };
}

/**
 * The dictionary code of each cell (a gather-free view for a dictionary column), or, for a
 * column kept as numbers, codes made for the texts `known` lists (others: −1; empty: 0, text
 * looked up per cell). For encoding a column against a fixed list (categories, classes).
 */
export function codesFor(column: ColumnData, known: ReadonlyMap<string, number>): { codes: ArrayLike<number>; names: readonly string[] } {
  if (column.kind === 'dictionary') return column;
  const names = ['', ...known.keys()];
  const codeOf = new Map(names.map((name, code) => [name, code]));
  const codes = new Int32Array(column.length);
  for (let i = 0; i < codes.length; i++) codes[i] = codeOf.get(textAt(column, i)) ?? -1;
  return { codes, names };
}

/** Whether the cell is empty. */
export function isEmptyAt(column: ColumnData, row: number): boolean {
  if (column.kind === 'dictionary') return column.codes[row] === 0;
  return Number.isNaN(column.numbers[row]!) && column.texts?.[row] === undefined;
}

/**
 * The column as a dictionary of its texts (itself when it is one; a column kept as numbers is
 * encoded by each cell's text, which for a number is its shortest form: "1.50" reads "1.5").
 * Undefined when it has more than `limit` distinct texts (a column kept as numbers has more
 * than MAX_DICTIONARY, and may have millions).
 */
export function asDictionary(column: ColumnData, limit = Infinity): DictionaryColumn | undefined {
  if (column.kind === 'dictionary') return column.names.length - 1 > limit ? undefined : column;
  const n = column.length;
  const dictionary = new Map<string, number>([['', 0]]);
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const text = textAt(column, i);
    let code = dictionary.get(text);
    if (code === undefined) {
      if (dictionary.size - 1 >= limit) return undefined;
      dictionary.set(text, (code = dictionary.size));
    }
    codes[i] = code;
  }
  return { kind: 'dictionary', length: n, codes, names: [...dictionary.keys()] };
}

/**
 * The text of one cell of `table` ('' for an empty one), without building the rows of a table
 * stored by column. Throws DataError for a column the table lacks or a row it does not have.
 */
export function cellAt(table: Table, row: number, column: string): string {
  const source = table.source ?? 'rows';
  if (!table.columns.includes(column)) throw new DataError('cellAt', `${source} has no column ${JSON.stringify(column)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column });
  const data = columnOf(table, column);
  if (!(Number.isInteger(row) && row >= 0 && row < data.length)) throw new DataError('cellAt', `expected a row from 0 to ${data.length - 1} of ${source}, got ${row}`, { source });
  return textAt(data, row);
}
