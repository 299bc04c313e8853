/**
 * Tables from text: CSV (parsed by csv-parse: quoted fields, quotes inside quotes, line breaks
 * inside quotes, a byte-order mark, blank lines, CRLF), JSON (an array of objects) and NDJSON
 * (one object per line). No file I/O here: see node.ts for reading files.
 *
 * CSV needs a header row naming the columns. The delimiter is the one among , ; tab | that
 * occurs most often in the header line, unless given.
 */
import { describeValue } from '@backprop/core';
import { DataError } from './errors.js';
import { fromDecimalComma } from './decimal-comma.js';
import { CsvRecordReader } from './csv/csv-record-reader.js';
import { guessDelimiter, headerProblem, raggedRowProblem } from './csv/header.js';
import { ColumnBuilder } from './columns/column-builder.js';
import { ColumnTable } from './columns/column-table.js';
import type { Cell, Table, TableRow } from './table.js';

export { fromDecimalComma };

export type TableFormat = 'csv' | 'json' | 'ndjson';

export interface ParseTableOptions {
  /** For messages: the file name. Default "input". */
  readonly source?: string;
  /** CSV only: the field delimiter; default: guessed from the header line. */
  readonly delimiter?: string;
  /**
   * CSV only: numbers are written with a decimal comma (`5,926`, `-0,5`, `1.234,5`): such cells
   * are read as `5.926`, `-0.5`, `1234.5`. Other cells are left as they are.
   */
  readonly decimalComma?: boolean;
}



const OP = 'readTable';

function fail(source: string, detail: string, line?: number, column?: string): never {
  throw new DataError(OP, `${source}${line !== undefined ? ` line ${line}` : ''}${column !== undefined ? `, column ${JSON.stringify(column)}` : ''}: ${detail}`, {
    source,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
  });
}

/** CSV text, or its UTF-8 bytes (a file read as a Buffer: no 512-MiB string limit, half the memory of a string). */
export type CsvInput = string | Uint8Array;

/** The first 64 KiB of the input as text: enough for its header line. */
function headOf(input: CsvInput): string {
  if (typeof input === 'string') return input.slice(0, 65536);
  return new TextDecoder().decode(input.subarray(0, 65536));
}

/** One CSV record: its fields (trimmed) and the 1-based line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/**
 * Calls `visit` with each record of a CSV input, header included, as csv-parse reads it: blank
 * lines skipped, fields trimmed, rows of different lengths kept as they are. Nothing is kept
 * per record but what `visit` keeps. Throws DataError naming the line of malformed CSV (an
 * unclosed quote); an error thrown by `visit` propagates.
 */
export function eachCsvRecord(input: CsvInput, options: ParseTableOptions, visit: (fields: string[], line: number) => void): void {
  eachCsvRecordOfChunks([typeof input === 'string' ? Buffer.from(input) : input], options, visit);
}

/**
 * Whether `piece`, the next of the input, holds a line feed after a character other than white
 * space (then a whole header line has been read). `state` carries what earlier pieces held.
 */
function endsHeaderLine(piece: Uint8Array, state: { content: boolean }): boolean {
  for (let i = 0; i < piece.length; i++) {
    const b = piece[i]!;
    if (b === 0x0a && state.content) return true;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) state.content = true;
  }
  return false;
}

/**
 * eachCsvRecord over an input given in pieces (a file read a few MiB at a time, so that its
 * bytes are never all in memory at once). The delimiter is guessed from the header line.
 * Pieces without a quote character are read by d3-dsv, and from the first piece that holds one
 * csv-parse reads the rest (see csv/csv-record-reader.ts).
 */
export function eachCsvRecordOfChunks(chunks: Iterable<Uint8Array>, options: ParseTableOptions, visit: (fields: string[], line: number) => void): void {
  const source = options.source ?? 'input';
  const iterator = chunks[Symbol.iterator]();
  // The delimiter is guessed from the header line: read pieces until one ends it (or 64 KiB).
  const head: Uint8Array[] = [];
  let headBytes = 0;
  const headerLine = { content: false };
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (next.value.length === 0) continue;
    head.push(next.value);
    headBytes += next.value.length;
    if (headBytes >= 65536 || endsHeaderLine(next.value, headerLine)) break;
  }
  const empty = (): never => fail(source, 'the file is empty (expected a header row naming the columns, then data rows)');
  if (head.length === 0) return empty();
  const delimiter = options.delimiter ?? guessDelimiter(headOf(Buffer.concat(head)));
  // No limit on a record's length: the file is read into memory whole anyway (up to maxBytes).
  const reader = new CsvRecordReader({ delimiter, source, maxRecordBytes: 0 }, visit);
  for (const piece of head) reader.push(piece);
  for (let next = iterator.next(); !next.done; next = iterator.next()) reader.push(next.value);
  reader.end();
  if (reader.records === 0) empty();
}

/**
 * The records of a CSV input, header included, without interpreting them (see eachCsvRecord).
 * Throws DataError naming the line of malformed CSV.
 */
export function parseCsvRecords(input: CsvInput, options: ParseTableOptions = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(input, options, (fields, line) => records.push({ fields, line }));
  return records;
}

/**
 * A CSV input with a header row naming the columns, as a table stored by column (ColumnTable:
 * each cell dictionary-encoded in 1–2 bytes, or a number in 8; no object per row or string per
 * cell), lines in a Uint32Array. Throws DataError for ragged rows (file and line named).
 */
export function parseCsv(input: CsvInput | Iterable<Uint8Array>, options: ParseTableOptions = {}): Table {
  const source = options.source ?? 'input';
  const decimalComma = options.decimalComma === true;
  let columns: string[] | undefined;
  let builders: ColumnBuilder[] = [];
  let rows = 0;
  let lines = new Uint32Array(1024);
  const chunks = typeof input === 'string' ? [Buffer.from(input)] : input instanceof Uint8Array ? [input] : input;
  eachCsvRecordOfChunks(chunks, options, (fields, line) => {
    if (!columns) {
      const problem = headerProblem(fields);
      if (problem) fail(source, problem, line);
      columns = fields;
      builders = fields.map(() => new ColumnBuilder());
      return;
    }
    const ragged = raggedRowProblem(columns, fields.length);
    if (ragged) fail(source, ragged, line);
    if (decimalComma) for (let i = 0; i < builders.length; i++) builders[i]!.push(fromDecimalComma(fields[i]!));
    else for (let i = 0; i < builders.length; i++) builders[i]!.push(fields[i]!);
    if (rows === lines.length) {
      const grown = new Uint32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rows++] = line;
  });
  if (!columns) fail(source, 'the file has no rows');
  const names = columns;
  const stored = new Map(names.map((name, i) => [name, builders[i]!.finish()]));
  return new ColumnTable(names, stored, source, lines.slice(0, rows));
}

function isCell(v: unknown): v is Cell {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Rows of JSON objects to a table: columns in order of first appearance; nested values are refused. */
function objectsToTable(objects: unknown[], lines: number[] | undefined, source: string): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = objects.map((o, i) => {
    const line = lines?.[i];
    const where = line !== undefined ? undefined : `object ${i + 1} of the array`;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) fail(source, `${where ? `${where}: ` : ''}expected an object of named values, got ${describeValue(o)}`, line);
    for (const [key, value] of Object.entries(o)) {
      if (!isCell(value)) fail(source, `${where ? `${where}: ` : ''}expected a number, text, true/false or null, got ${describeValue(value)}`, line, key);
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
    return o as TableRow;
  });
  return { columns, rows, source, ...(lines ? { lines } : {}) };
}

/** `{"a":1}` per line; blank lines are skipped. */
export function parseNdjson(text: string, options: ParseTableOptions = {}): Table {
  const source = options.source ?? 'input';
  const objects: unknown[] = [];
  const lines: number[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '') return;
    try {
      objects.push(JSON.parse(l));
    } catch (error) {
      fail(source, `not valid JSON (${(error as Error).message})`, i + 1);
    }
    lines.push(i + 1);
  });
  if (objects.length === 0) fail(source, 'the file is empty (expected one JSON object per line)');
  return objectsToTable(objects, lines, source);
}

/** The line of a character position, for JSON.parse's "at position N". */
function lineOf(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

/** An array of objects; a file of one object per line is read as NDJSON. */
export function parseJson(text: string, options: ParseTableOptions = {}): Table {
  const source = options.source ?? 'input';
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail(source, 'the file is empty (expected an array of objects, or one object per line)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    if (body.trimStart().startsWith('{')) return parseNdjson(body, options);
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    fail(source, `not valid JSON (${message})`, position ? lineOf(body, Number(position[1])) : undefined);
  }
  if (!Array.isArray(parsed)) {
    if (typeof parsed === 'object' && parsed !== null) return objectsToTable([parsed], [1], source);
    fail(source, `expected an array of objects (one per row), got ${describeValue(parsed)}`);
  }
  if (parsed.length === 0) fail(source, 'the array holds no rows');
  return objectsToTable(parsed, undefined, source);
}

/** Parses `input` (text, or UTF-8 bytes) as `format`. Throws DataError naming the source, line and column of a problem. */
export function parseTable(input: CsvInput, format: TableFormat, options: ParseTableOptions = {}): Table {
  const text = (): string => (typeof input === 'string' ? input : new TextDecoder().decode(input));
  switch (format) {
    case 'csv':
      return parseCsv(input, options);
    case 'json':
      return parseJson(text(), options);
    case 'ndjson':
      return parseNdjson(text(), options);
  }
}
