/**
 * `@backprop/data/node`: reading tables from files (CSV, JSON, NDJSON), in Node. The format
 * comes from the extension (.csv .tsv .txt → CSV; .json → JSON, or NDJSON when the file holds
 * one object per line; .ndjson .jsonl → NDJSON). A file is read whole into memory; a file larger
 * than `maxBytes` (default 256 MiB) is refused up front with its size, before reading it.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DataError } from './errors.js';
import { parseTable, type TableFormat } from './read-table.js';
import type { Table } from './table.js';

export { dropColumnsFor, fileDataset, fileSize, streamedRows, streamFormatOf, streamTable, type FileDatasetOptions, type StreamedRowsOptions, type TableStreamOptions } from './stream/index.js';
export { eachCsvRecord, fromDecimalComma, parseCsv, parseCsvRecords, parseJson, parseNdjson, parseTable, type CsvInput, type CsvRecord, type ParseTableOptions, type TableFormat } from './read-table.js';

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
  // Bytes, not a string: csv-parse reads bytes anyway, and a string would cost twice the memory
  // (and cannot exceed 512 MiB).
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(OP, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { source });
  }
  return parseTable(bytes, format, { source, ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}), ...(options.decimalComma ? { decimalComma: true } : {}) });
}
