/**
 * Samples for `backprop predict` from a file:
 * - JSON: an array of input rows `[[...], ...]`, or `{ "inputs": [[...]], "targets": [[...]] }`
 *   (targets optional; a target may also be a class index for a classifier).
 * - CSV: one sample per line, numbers separated by commas (or ; tab |), parsed by csv-parse
 *   (through @backprop/data/node: quotes, a BOM, blank lines); an optional header line is skipped.
 *   A line has the model's inputs, then optionally its targets: all outputs, or for a model with
 *   several outputs a single class index.
 * Every problem is reported with the file, line or row, and what was expected.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataError } from '@backprop/data';
import { parseCsvRecords, type CsvRecord } from '@backprop/data/node';
import { inputError } from './errors.js';

export interface Samples {
  readonly x: Float64Array;
  readonly y?: Float64Array;
  readonly rows: number;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(`cannot read input file ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

function oneHot(index: number, outputs: number, where: string): number[] {
  if (!Number.isInteger(index) || index < 0 || index >= outputs) throw inputError(`${where}: a class index must be an integer 0..${outputs - 1}, got ${index}`);
  const row = new Array<number>(outputs).fill(0);
  row[index] = 1;
  return row;
}

/** Splits one row of numbers into inputs and targets by its length. */
function splitRow(values: number[], inputs: number, outputs: number, where: string): { x: number[]; y?: number[] } {
  if (values.some((v) => !Number.isFinite(v))) throw inputError(`${where}: every value must be a finite number`);
  if (values.length === inputs) return { x: values };
  if (values.length === inputs + outputs) return { x: values.slice(0, inputs), y: values.slice(inputs) };
  if (outputs > 1 && values.length === inputs + 1) return { x: values.slice(0, inputs), y: oneHot(values[inputs]!, outputs, where) };
  const withLabel = outputs > 1 ? `, or ${inputs + 1} (inputs and a class index)` : '';
  throw inputError(`${where}: the model takes ${inputs} inputs, so a row must have ${inputs} values (inputs only), ${inputs + outputs} (inputs and targets)${withLabel}; this one has ${values.length}`);
}

function assemble(rows: { x: number[]; y?: number[] }[], inputs: number, outputs: number, path: string): Samples {
  if (rows.length === 0) throw inputError(`${path} has no samples`);
  const withTargets = rows.filter((r) => r.y).length;
  if (withTargets !== 0 && withTargets !== rows.length) throw inputError(`${path}: either every row has targets or none does (${withTargets} of ${rows.length} have)`);
  const x = new Float64Array(rows.length * inputs);
  const y = withTargets ? new Float64Array(rows.length * outputs) : undefined;
  rows.forEach((r, i) => {
    x.set(r.x, i * inputs);
    if (y && r.y) y.set(r.y, i * outputs);
  });
  return { x, y, rows: rows.length };
}

function numbersOf(value: unknown, where: string): number[] {
  if (typeof value === 'number') return [value];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number')) throw inputError(`${where} must be an array of numbers`);
  return value as number[];
}

function fromJson(text: string, path: string, inputs: number, outputs: number): Samples {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw inputError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const inputRows = object ? object.inputs : parsed;
  if (!Array.isArray(inputRows)) throw inputError(`${path} must hold an array of input rows, or { "inputs": [...], "targets": [...] }`);
  const targets = object?.targets;
  if (targets !== undefined && (!Array.isArray(targets) || targets.length !== inputRows.length)) {
    throw inputError(`${path}: "targets" must be an array with one entry per input row (${inputRows.length})`);
  }
  const rows = inputRows.map((row, i) => {
    const x = numbersOf(row, `${path} row ${i}`);
    if (x.length !== inputs) throw inputError(`${path} row ${i}: the model takes ${inputs} inputs, this row has ${x.length}`);
    if (targets === undefined) return { x };
    const t: unknown = (targets as unknown[])[i];
    const y = typeof t === 'number' && outputs > 1 ? oneHot(t, outputs, `${path} target ${i}`) : numbersOf(t, `${path} target ${i}`);
    if (y.length !== outputs) throw inputError(`${path} target ${i}: the model has ${outputs} outputs, this target has ${y.length}`);
    return splitRow([...x, ...y], inputs, outputs, `${path} row ${i}`);
  });
  return assemble(rows, inputs, outputs, path);
}

function fromCsv(text: string, path: string, inputs: number, outputs: number): Samples {
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text, { source: path });
  } catch (error) {
    if (error instanceof DataError) throw inputError(error.message.replace(/^\w+: /, ''));
    throw error;
  }
  const first = records[0];
  if (first && first.fields.some((cell) => cell !== '' && Number.isNaN(Number(cell)))) records.shift(); // a header
  const rows = records.map(({ fields, line }) => splitRow(fields.map((c) => (c === '' ? NaN : Number(c))), inputs, outputs, `${path} line ${line}`));
  return assemble(rows, inputs, outputs, path);
}

export function readSamples(path: string, inputs: number, outputs: number): Samples {
  const text = readText(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return fromJson(text, path, inputs, outputs);
  if (ext === '.csv') return fromCsv(text, path, inputs, outputs);
  throw inputError(`cannot tell the format of ${path}`, 'name the file .json or .csv');
}
