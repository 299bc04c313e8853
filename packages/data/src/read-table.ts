/**
 * Tables from text: CSV (parsed by csv-parse: quoted fields, quotes inside quotes, line breaks
 * inside quotes, a byte-order mark, blank lines, CRLF), JSON (an array of objects) and NDJSON
 * (one object per line). No file I/O here: see node.ts for reading files.
 *
 * CSV needs a header row naming the columns. The delimiter is the one among , ; tab | that
 * occurs most often in the header line, unless given.
 */
import { describeValue } from '@backprop/core';
import { CsvError, parse } from 'csv-parse/sync';
import { DataError } from './errors.js';
import type { Cell, Table, TableRow } from './table.js';

export type TableFormat = 'csv' | 'json' | 'ndjson';

export interface ParseTableOptions {
  /** For messages: the file name. Default "input". */
  readonly source?: string;
  /** CSV only: the field delimiter; default: guessed from the header line. */
  readonly delimiter?: string;
}

const OP = 'readTable';
const DELIMITERS = [',', ';', '\t', '|'];

function fail(source: string, detail: string, line?: number, column?: string): never {
  throw new DataError(OP, `${source}${line !== undefined ? ` line ${line}` : ''}${column !== undefined ? `, column ${JSON.stringify(column)}` : ''}: ${detail}`, {
    source,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
  });
}

function guessDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = header.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function checkHeader(names: readonly string[], source: string, line: number): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') fail(source, `the header's column ${i + 1} has no name`, line);
    if (seen.has(name)) fail(source, `the header names column ${JSON.stringify(name)} twice`, line);
    seen.add(name);
  });
}

/** One CSV record: its fields (trimmed) and the 1-based line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/**
 * The records of a CSV text, header included, without interpreting them: blank lines skipped,
 * fields trimmed, rows of different lengths kept as they are. Throws DataError naming the
 * line of malformed CSV (an unclosed quote).
 */
export function parseCsvRecords(text: string, options: ParseTableOptions = {}): CsvRecord[] {
  const source = options.source ?? 'input';
  if (text.replace(/^\uFEFF/, '').trim() === '') fail(source, 'the file is empty (expected a header row naming the columns, then data rows)');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? guessDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      fail(source, `not valid CSV: ${error.message.replace(/ at line \d+$/, '')}`, typeof line === 'number' ? line : undefined);
    }
    throw error;
  }
  // csv-parse reports the line a record ends on; a quoted field may span lines.
  return records.map((r) => ({ fields: r.record, line: r.info.lines - r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) }));
}

/** A CSV text with a header row naming the columns. Throws DataError for ragged rows (file and line named). */
export function parseCsv(text: string, options: ParseTableOptions = {}): Table {
  const source = options.source ?? 'input';
  const records = parseCsvRecords(text, options);
  const [header, ...body] = records;
  if (!header) fail(source, 'the file has no rows');
  const columns = header.fields;
  checkHeader(columns, source, header.line);
  const rows: TableRow[] = [];
  const lines: number[] = [];
  for (const r of body) {
    const { line } = r;
    if (r.fields.length !== columns.length) {
      fail(source, `expected ${columns.length} fields like the header (${columns.map((c) => JSON.stringify(c)).join(', ')}), got ${r.fields.length}: ragged row`, line);
    }
    const row: Record<string, Cell> = {};
    columns.forEach((c, i) => (row[c] = r.fields[i]));
    rows.push(row);
    lines.push(line);
  }
  return { columns, rows, source, lines };
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

/** Parses `text` as `format`. Throws DataError naming the source, line and column of a problem. */
export function parseTable(text: string, format: TableFormat, options: ParseTableOptions = {}): Table {
  switch (format) {
    case 'csv':
      return parseCsv(text, options);
    case 'json':
      return parseJson(text, options);
    case 'ndjson':
      return parseNdjson(text, options);
  }
}
