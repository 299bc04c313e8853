/**
 * `@backprop/data/node`: reading tables from files (CSV, JSON, NDJSON), in Node. The format
 * comes from the extension (.csv .tsv .txt → CSV; .json → JSON, or NDJSON when the file holds
 * one object per line; .ndjson .jsonl → NDJSON). The table is held in memory: a CSV file is
 * parsed a few MiB at a time into a table stored by column (about 1–2 bytes a categorical cell,
 * 8 a numeric one), a JSON file is read whole. A file larger than `maxBytes` (default 256 MiB)
 * is refused up front with its size, before reading it.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DataError } from './errors.js';
import { parseCsv, parseTable, type TableFormat } from './read-table.js';
import type { Table } from './table.js';

export { dropColumnsFor, fileDataset, fileSize, streamedRows, streamFormatOf, streamTable, type FileDatasetOptions, type StreamedRowsOptions, type TableStreamOptions } from './stream/index.js';
export { eachCsvRecord, eachCsvRecordOfChunks, fromDecimalComma, parseCsv, parseCsvRecords, parseJson, parseNdjson, parseTable, type CsvInput, type CsvRecord, type ParseTableOptions, type TableFormat } from './read-table.js';

/** The largest file readTable reads by default: 256 MiB. */
export const DEFAULT_MAX_TABLE_BYTES = 256 * 1024 * 1024;

export interface ReadTableOptions {
  /** Default: from the file's extension. */
  readonly format?: TableFormat;
  /** CSV: the delimiter; default guessed from the header among , ; tab |. */
  readonly delimiter?: string;
  /** CSV: numbers written with a decimal comma (see ParseTableOptions). */
  readonly decimalComma?: boolean;
  /** Refuse larger files (bytes); default DEFAULT_MAX_TABLE_BYTES. */
  readonly maxBytes?: number;
  /** The name used in messages; default the path as given. */
  readonly source?: string;
}

const OP = 'readTable';

/** The table format a file name implies, or undefined. */
export function formatOfPath(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Bytes read per piece of a CSV file. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** The file's bytes in pieces of CHUNK_BYTES (each a new buffer: the parser may keep the tail of one). */
function* fileChunks(path: string, source: string): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new DataError(OP, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { source });
  }
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      let read: number;
      try {
        read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw new DataError(OP, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { source });
      }
      if (read === 0) return;
      yield chunk.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and parses a table file. Throws DataError naming the file (and line and column where
 * there is one) when it is missing, unreadable, too large, empty, of an unknown format, or
 * malformed.
 */
export function readTable(path: string, options: ReadTableOptions = {}): Table {
  const source = options.source ?? path;
  const format = options.format ?? formatOfPath(path);
  if (!format) throw new DataError(OP, `${source}: cannot tell the format from the extension ${JSON.stringify(extname(path))}; name it .csv, .tsv, .json, .ndjson or .jsonl`, { source });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TABLE_BYTES;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new DataError(OP, `${source} is not a file`, { source });
    size = stat.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(OP, `cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`, { source });
  }
  if (size > maxBytes) {
    throw new DataError(OP, `${source} is ${sizeText(size)}, larger than the ${sizeText(maxBytes)} a table may have: tables are read whole into memory; use a sample of the rows, or split the file`, { source });
  }
  const parseOptions = { source, ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}), ...(options.decimalComma ? { decimalComma: true } : {}) };
  // CSV is parsed from the file a few MiB at a time: the table is stored by column, so the
  // file's bytes are never all in memory at once (a 1 GiB file needs no 1 GiB buffer).
  if (format === 'csv') return parseCsv(fileChunks(path, source), parseOptions);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(OP, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { source });
  }
  return parseTable(bytes, format, parseOptions);
}
