/**
 * `backprop predict` for a model that carries preprocessing (trained with --data, or on iris):
 * the saved steps read back from the model file, applied by column name to a table file, and
 * the outputs shown as class names with probabilities (or values in the target's units).
 */
import { dropIncomplete, Preprocessor, regressionMetrics, type RegressionMetrics, type Table } from '@backprop/data';
import { readTable } from '@backprop/data/node';
import { inputError } from '../errors.js';
import type { Samples } from '../input-file.js';
import { withDataErrors } from './train-data.js';

/** The model's preprocessing, validated; undefined for a model saved without one. */
export function preprocessorFromMeta(meta: Record<string, unknown>, modelPath: string): Preprocessor | undefined {
  if (meta.preprocessing === undefined) return undefined;
  try {
    return withDataErrors(() => Preprocessor.fromJSON(meta.preprocessing));
  } catch (error) {
    throw inputError(`model file ${modelPath} has damaged preprocessing: ${(error as Error).message}`, 'train the model again with `backprop train --data … --out`');
  }
}

export interface TableSamples extends Samples {
  /** The file line of each row. */
  readonly lines?: ArrayLike<number>;
  /** What the user should know about how the rows were read (rows dropped for empty cells). */
  readonly notes?: readonly string[];
}

/** How the model's training file was read (`read` in its meta), so new files are read the same way. */
export function readOptionsFromMeta(meta: Record<string, unknown>): { decimalComma?: boolean } {
  const read = meta.read;
  return typeof read === 'object' && read !== null && (read as { decimalComma?: unknown }).decimalComma === true ? { decimalComma: true } : {};
}

/** The rows of a table file as the network's inputs (and targets, when the file has the target column). */
export function readTableSamples(path: string, source: string, preprocessor: Preprocessor, inputSize: number, read: { decimalComma?: boolean } = {}): TableSamples {
  return withDataErrors(() => {
    let table: Table = readTable(path, { source, ...read });
    const notes: string[] = [];
    // The model's missing-value policy: 'drop' leaves out rows with an empty feature, as in training.
    if (preprocessor.toJSON().missing === 'drop') {
      const dropped = dropIncomplete(table, preprocessor.featureNames);
      if (dropped.dropped > 0) {
        table = dropped.table;
        notes.push(`${dropped.dropped.toLocaleString('en-US')} rows with an empty cell left out, as in training (--missing drop): ${table.lines ? 'lines' : 'rows'} ${dropped.firstDropped.join(', ')}${dropped.dropped > dropped.firstDropped.length ? ', …' : ''}`);
      }
    }
    const x = preprocessor.transform(table);
    if (x.cols !== inputSize) throw inputError(`the model's preprocessing makes ${x.cols} inputs but its network takes ${inputSize}: the model file is inconsistent`);
    // Targets measure the predictions only when every row has one.
    let y: Float64Array | undefined;
    if (preprocessor.hasTarget(table)) {
      if (dropIncomplete(table, [preprocessor.target]).dropped === 0) y = preprocessor.transformTarget(table).data;
      else notes.push(`some rows have no ${JSON.stringify(preprocessor.target)}: predictions are not measured`);
    }
    return { x: x.data, ...(y ? { y } : {}), rows: x.rows, ...(table.lines ? { lines: table.lines } : {}), notes };
  });
}

export interface NamedPredictions {
  readonly predictions: object[];
  /** Human table: a header row, then one row of cells per shown prediction. */
  readonly cells: string[][];
}

function rounded(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/**
 * Class names and probabilities (or values in the target's units) for rows `start` to `shown` − 1,
 * and the human table's cells unless `withCells` is false (a file of millions of predictions).
 */
export function namedPredictions(preprocessor: Preprocessor, outputs: Float32Array | Float64Array, samples: TableSamples, shown: number, start = 0, withCells = true): NamedPredictions {
  const k = preprocessor.outputSize;
  const count = shown - start;
  const out = outputs.subarray(start * k, shown * k);
  const target = samples.y?.subarray(start * k, shown * k);
  const lineOf = (i: number): object => (samples.lines ? { line: samples.lines[start + i] } : {});
  const lineCell = (i: number): string[] => (samples.lines ? [String(samples.lines[start + i])] : []);
  const lineHeader = samples.lines ? ['line'] : [];
  if (preprocessor.task === 'classification') {
    const decoded = preprocessor.decodeClasses(out, count);
    const targets = target ? preprocessor.classesOf(target, count) : undefined;
    const predictions = decoded.map((p, i) => ({ ...lineOf(i), ...p, ...(targets ? { target: targets[i] } : {}) }));
    if (!withCells) return { predictions, cells: [] };
    const cells = decoded.map((p, i) => [
      String(start + i + 1),
      ...lineCell(i),
      p.class,
      p.probability.toFixed(3),
      ...(targets ? [targets[i]!] : []),
      Object.entries(p.probabilities).map(([name, q]) => `${name} ${q.toFixed(3)}`).join(', '),
    ]);
    return { predictions, cells: [['#', ...lineHeader, 'predicted', 'probability', ...(targets ? ['target'] : []), 'probabilities'], ...cells] };
  }
  const decoded = preprocessor.decodeValues(out, count);
  const targets = target ? preprocessor.decodeValues(target, count).map((t) => t.value) : undefined;
  const predictions = decoded.map((p, i) => ({ ...lineOf(i), value: p.value, ...(targets ? { target: targets[i] } : {}) }));
  if (!withCells) return { predictions, cells: [] };
  const cells = decoded.map((p, i) => [String(start + i + 1), ...lineCell(i), rounded(p.value), ...(targets ? [rounded(targets[i]!)] : [])]);
  return { predictions, cells: [['#', ...lineHeader, `predicted ${preprocessor.target}`, ...(targets ? ['target'] : [])], ...cells] };
}

/** RMSE, MAE and R² in the target's units, for a regression with known targets. */
export function unitsMetrics(preprocessor: Preprocessor, outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number): RegressionMetrics {
  const p = preprocessor.decodeValues(outputs, rows).map((v) => v.value);
  const t = preprocessor.decodeValues(targets, rows).map((v) => v.value);
  return regressionMetrics(p, t);
}
