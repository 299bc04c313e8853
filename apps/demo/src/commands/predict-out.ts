/**
 * `backprop predict --out results.csv|results.json`: every prediction written to a file, with
 * the input's line numbers, atomically (a temporary file renamed into place). JSON: an array of
 * the prediction objects `--json` prints; CSV: one row per prediction, a header naming the
 * columns, fields quoted by RFC 4180's rule.
 */
import { extname } from 'node:path';
import { usageError } from '../errors.js';
import { ensureParentDirectory, writeFileAtomic } from '../files.js';

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
function csvField(value: string): string {
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

/** Writes the predictions to `path` as `format`, atomically. */
export function writePredictions(path: string, format: OutFormat, predictions: readonly object[]): void {
  if (format === 'json') {
    writeFileAtomic(path, JSON.stringify(predictions, null, 1) + '\n');
    return;
  }
  const rows = predictions.map((p) => flatten(p as Record<string, Value>));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of row.keys()) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  const lines = [columns.map(csvField).join(','), ...rows.map((row) => columns.map((c) => csvField(row.get(c) ?? '')).join(','))];
  writeFileAtomic(path, lines.join('\n') + '\n');
}
