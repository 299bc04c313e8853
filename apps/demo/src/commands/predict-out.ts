/**
 * `backprop predict --out results.csv|results.json`: every prediction written to a file, with
 * the input's line numbers, atomically (a temporary file renamed into place). JSON: an array of
 * the prediction objects `--json` prints; CSV: one row per prediction, a header naming the
 * columns, fields quoted by RFC 4180's rule.
 */
import { extname } from 'node:path';
import { usageError } from '../errors.js';
import { ensureParentDirectory, writeFileAtomicInParts } from '../files.js';

export type OutFormat = 'csv' | 'json';

/** The format an --out path names; a usage error for any other extension. Checks the path too. */
export function checkPredictionsPath(path: string): OutFormat {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') throw usageError(`--out ${path}: name the file .csv or .json (the extension chooses the format), got ${ext === '' ? 'no extension' : ext}`);
  ensureParentDirectory(path, 'predictions', `predictions${ext}`);
  return ext === '.csv' ? 'csv' : 'json';
}

type Value = string | number | boolean | null | undefined | readonly number[] | Readonly<Record<string, number>>;

/** A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Flattens a prediction object into CSV cells: `probabilities` becomes one column per class, arrays one column per item. */
function flatten(prediction: Readonly<Record<string, Value>>): Map<string, string> {
  const cells = new Map<string, string>();
  for (const [key, value] of Object.entries(prediction)) {
    if (value === null || value === undefined) cells.set(key, '');
    else if (Array.isArray(value)) value.forEach((v: number, i: number) => cells.set(`${key}_${i}`, String(v)));
    else if (typeof value === 'object') for (const [name, v] of Object.entries(value as Record<string, number>)) cells.set(`probability_${name}`, String(v));
    else cells.set(key, String(value));
  }
  return cells;
}

/** Predictions written per slice: a few MiB of text at a time, however many rows there are. */
const SLICE_ROWS = 10_000;

/** CSV made directly, without prediction objects: its header and the lines of rows start to end − 1. */
export interface DirectCsv {
  readonly header: readonly string[];
  lines(start: number, end: number): string;
}

/**
 * Writes the `rows` predictions that `slice(start, end)` makes to `path` as `format`,
 * atomically, one slice at a time (the predictions of millions of rows are never all in memory).
 * The CSV columns are those of the first slice: every prediction of a model has the same fields;
 * `direct`, when given, writes the same CSV without making the objects.
 */
export function writePredictions(path: string, format: OutFormat, rows: number, slice: (start: number, end: number) => readonly object[], direct?: DirectCsv): void {
  if (format === 'json') writeFileAtomicInParts(path, jsonParts(rows, slice));
  else writeFileAtomicInParts(path, direct ? directCsvParts(rows, direct) : csvParts(rows, slice));
}

function* directCsvParts(rows: number, direct: DirectCsv): Generator<string> {
  yield direct.header.map(csvField).join(',') + '\n';
  for (let start = 0; start < rows; start += SLICE_ROWS) yield direct.lines(start, Math.min(rows, start + SLICE_ROWS));
}

function* slices(rows: number, slice: (start: number, end: number) => readonly object[]): Generator<readonly object[]> {
  for (let start = 0; start < rows; start += SLICE_ROWS) yield slice(start, Math.min(rows, start + SLICE_ROWS));
}

/** The text JSON.stringify(predictions, null, 1) gives, made a slice at a time. */
function* jsonParts(rows: number, slice: (start: number, end: number) => readonly object[]): Generator<string> {
  if (rows === 0) {
    yield '[]\n';
    return;
  }
  let first = true;
  for (const predictions of slices(rows, slice)) {
    const items = predictions.map((p) => JSON.stringify(p, null, 1).replace(/^/gm, ' '));
    yield (first ? '[\n' : ',\n') + items.join(',\n');
    first = false;
  }
  yield '\n]\n';
}

function* csvParts(rows: number, slice: (start: number, end: number) => readonly object[]): Generator<string> {
  let columns: string[] | undefined;
  for (const predictions of slices(rows, slice)) {
    const cells = predictions.map((p) => flatten(p as Record<string, Value>));
    if (!columns) {
      const seen = new Set<string>();
      columns = [];
      for (const row of cells) {
        for (const key of row.keys()) {
          if (seen.has(key)) continue;
          seen.add(key);
          columns.push(key);
        }
      }
      yield columns.map(csvField).join(',') + '\n';
    }
    const header = columns;
    yield cells.map((row) => header.map((c) => csvField(row.get(c) ?? '')).join(',')).join('\n') + '\n';
  }
}
