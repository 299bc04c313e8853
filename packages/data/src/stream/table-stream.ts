/**
 * A table file read from disk in chunks, never whole: CSV through the same record reader as
 * readTable (d3-dsv while the file has no quote character, csv-parse from the first chunk with
 * one; see csv/csv-record-reader.ts), fed one read chunk at a time, NDJSON line by line. What is in memory at once is one read chunk (`chunkBytes`) and the
 * rows parsed from it, handed on in small tables of at most `rowsPerChunk` rows, each with the
 * file lines of its rows (so every error names a line). A file of any size streams; it is read
 * again from the start for each pass (fitting the preprocessing, then each epoch).
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CsvRecordReader } from '../csv/csv-record-reader.js';
import { guessDelimiter, headerProblem, raggedRowProblem } from '../csv/header.js';
import { ColumnBuilder } from '../columns/column-builder.js';
import { ColumnTable } from '../columns/column-table.js';
import { describeValue } from '@backprop/core';
import { fromDecimalComma } from '../decimal-comma.js';
import { DataError } from '../errors.js';
import type { TableFormat } from '../read-table.js';
import type { Cell, Table, TableRow } from '../table.js';

export interface TableStreamOptions {
  /** 'csv' or 'ndjson' ('json' files holding one object per line are NDJSON); default from the extension. */
  readonly format?: TableFormat;
  /** CSV: the delimiter; default guessed from the header among , ; tab |. */
  readonly delimiter?: string;
  /** CSV: numbers written with a decimal comma. */
  readonly decimalComma?: boolean;
  /** Bytes read from disk at a time; default 1 MiB. */
  readonly chunkBytes?: number;
  /** CSV: the longest record, in bytes, before the file is refused (a file without line breaks would otherwise be one record held whole); default 8 MiB. */
  readonly maxRecordBytes?: number;
  /** Rows per table handed on; default 4096. */
  readonly rowsPerChunk?: number;
  /**
   * Refuse (DataError) when more parsed rows than this wait in memory at once: a guard that the
   * reader's memory stays bounded (tests set it small). Default: no limit.
   */
  readonly maxRowsInMemory?: number;
  /** The name in messages; default the path. */
  readonly source?: string;
}

const OP = 'streamTable';

/** The format of a streamed file: the option, else the extension (.json counts as NDJSON here). */
export function streamFormatOf(path: string, format?: TableFormat): 'csv' | 'ndjson' {
  if (format === 'csv' || format === 'ndjson') return format;
  if (format === 'json') return 'ndjson';
  const lower = path.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || lower.endsWith('.json')) return 'ndjson';
  return 'csv';
}

/** The file's size in bytes; DataError naming the file when it is missing or not a file. */
export function fileSize(path: string, source = path): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new DataError(OP, `${source} is not a file`, { source });
    return stat.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(OP, `cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`, { source });
  }
}

/**
 * The rows of a CSV or NDJSON file, in file order, as small tables (see the module comment).
 * Throws DataError naming the file and line of malformed CSV or JSON, a ragged row, or an empty
 * file; and when more than `maxRowsInMemory` rows wait at once.
 */
export function streamTable(path: string, options: TableStreamOptions = {}): AsyncGenerator<Table> {
  const source = options.source ?? path;
  fileSize(path, source);
  const format = streamFormatOf(path, options.format);
  return format === 'csv' ? streamCsv(path, source, options) : streamNdjson(path, source, options);
}

function fail(source: string, detail: string, line?: number): never {
  throw new DataError(OP, `${source}${line !== undefined ? ` line ${line}` : ''}: ${detail}`, { source, ...(line !== undefined ? { line } : {}) });
}

/** The first 64 KiB of the file as text: enough for its header line. */
function headText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}



class Chunker {
  private rows: TableRow[] = [];
  private lines: number[] = [];
  columns: string[] = [];
  /** Rows added since the start. */
  total = 0;

  constructor(
    private readonly source: string,
    private readonly options: TableStreamOptions,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  add(row: TableRow, line: number): void {
    this.rows.push(row);
    this.lines.push(line);
    this.total++;
    const max = this.options.maxRowsInMemory;
    if (max !== undefined && this.rows.length > max) {
      throw new DataError(OP, `${this.source}: more than ${max} parsed rows waiting in memory at once (maxRowsInMemory); lower chunkBytes or rowsPerChunk, or raise the limit`, { source: this.source });
    }
  }

  /** Tables of at most rowsPerChunk rows from what is waiting; with `all`, the short rest too. */
  *take(all: boolean): Generator<Table> {
    const per = this.options.rowsPerChunk ?? 4096;
    let start = 0;
    while (this.rows.length - start >= per || (all && start < this.rows.length)) {
      const end = Math.min(start + per, this.rows.length);
      yield { columns: this.columns, rows: this.rows.slice(start, end), source: this.source, lines: Uint32Array.from(this.lines.slice(start, end)) };
      start = end;
    }
    this.rows = this.rows.slice(start);
    this.lines = this.lines.slice(start);
  }
}

/** Distinct texts a chunk's column keeps as a dictionary (categories); past that it keeps numbers. */
const CHUNK_DICTIONARY = 256;

/**
 * CSV rows gathered into tables stored by column (ColumnTable), `rowsPerChunk` rows each: no
 * object per row, and each chunk's transform reads typed columns.
 */
class ColumnChunker {
  private builders: ColumnBuilder[] = [];
  private lines: number[] = [];
  private ready: Table[] = [];
  private waiting = 0;
  columns: string[] = [];
  /** Rows added since the start. */
  total = 0;

  constructor(
    private readonly source: string,
    private readonly options: TableStreamOptions,
  ) {}

  add(fields: readonly string[], line: number): void {
    if (this.builders.length === 0) this.builders = this.columns.map(() => new ColumnBuilder(CHUNK_DICTIONARY));
    for (let i = 0; i < fields.length; i++) this.builders[i]!.push(fields[i]!);
    this.lines.push(line);
    this.total++;
    this.waiting++;
    const max = this.options.maxRowsInMemory;
    if (max !== undefined && this.waiting > max) {
      throw new DataError(OP, `${this.source}: more than ${max} parsed rows waiting in memory at once (maxRowsInMemory); lower chunkBytes or rowsPerChunk, or raise the limit`, { source: this.source });
    }
    if (this.lines.length >= (this.options.rowsPerChunk ?? 4096)) this.seal();
  }

  /** The tables sealed so far; with `all`, the short rest too. */
  *take(all: boolean): Generator<Table> {
    if (all && this.lines.length > 0) this.seal();
    const ready = this.ready;
    this.ready = [];
    this.waiting -= ready.reduce((n, t) => n + (t.rowCount ?? 0), 0);
    yield* ready;
  }

  private seal(): void {
    const stored = new Map(this.columns.map((name, i) => [name, this.builders[i]!.finish()]));
    this.ready.push(new ColumnTable(this.columns, stored, this.source, Uint32Array.from(this.lines)));
    this.builders = [];
    this.lines = [];
  }
}

async function* streamCsv(path: string, source: string, options: TableStreamOptions): AsyncGenerator<Table> {
  const delimiter = options.delimiter ?? guessDelimiter(headText(path));
  const decimalComma = options.decimalComma === true;
  const chunker = new ColumnChunker(source, options);
  let header: string[] | undefined;
  const reader = new CsvRecordReader({ delimiter, source, operation: OP, maxRecordBytes: options.maxRecordBytes ?? 8 << 20 }, (record, line) => {
    if (!header) {
      const problem = headerProblem(record);
      if (problem) fail(source, problem, line);
      header = record;
      chunker.columns = header;
      return;
    }
    const ragged = raggedRowProblem(header, record.length);
    if (ragged) fail(source, ragged, line);
    if (decimalComma) for (let i = 0; i < record.length; i++) record[i] = fromDecimalComma(record[i]!);
    chunker.add(record, line);
  });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      reader.push(bytes);
      yield* chunker.take(false);
    }
    reader.end();
  } finally {
    stream.destroy();
  }
  if (!header) fail(source, 'the file is empty (expected a header row naming the columns, then data rows)');
  if (chunker.total === 0) fail(source, 'the file has a header but no data rows');
  yield* chunker.take(true);
}

function isCell(v: unknown): v is Cell {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

async function* streamNdjson(path: string, source: string, options: TableStreamOptions): AsyncGenerator<Table> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20, encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const chunker = new Chunker(source, options);
  const seen = new Set<string>();
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch (error) {
        fail(source, `not valid JSON (${(error as Error).message})`, lineNumber);
      }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) fail(source, `expected an object of named values, got ${describeValue(o)}`, lineNumber);
      for (const [key, value] of Object.entries(o)) {
        if (!isCell(value)) fail(source, `column ${JSON.stringify(key)}: expected a number, text, true/false or null, got ${describeValue(value)}`, lineNumber);
        if (!seen.has(key)) {
          seen.add(key);
          chunker.columns = [...chunker.columns, key];
        }
      }
      chunker.add(o as TableRow, lineNumber);
      if (chunker.size >= (options.rowsPerChunk ?? 4096)) yield* chunker.take(false);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (chunker.total === 0) fail(source, 'the file is empty (expected one JSON object per line)');
  yield* chunker.take(true);
}
