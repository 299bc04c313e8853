/**
 * How good a trained network is on a table with known answers, in the figures a data scientist
 * reads (metrics.ts): the table's rows go through the fitted Preprocessor, the network predicts
 * them in batches, and the predictions are compared with the target column in its own terms —
 * RMSE, MAE and R² in the target's units for a regression; accuracy, the confusion matrix and
 * per-class precision, recall, F1 and support, with the class names, for a classification.
 * Definitions as in scikit-learn's `metrics` module (see metrics.ts). The loss is core's
 * `evaluate`, in the units training reports (a regression's loss is on the scaled target).
 */
import { evaluate, type Network } from '@backprop/core';
import { DataError } from './errors.js';
import { argmaxRows, classificationMetrics, regressionMetrics, type ClassificationMetrics, type RegressionMetrics } from './metrics.js';
import type { Preprocessor } from './preprocessor.js';
import type { NumericTarget } from './schema.js';
import type { Table } from './table.js';

/** A regression's metrics, with each row's prediction and known value in the target's units. */
export interface RegressionOutcome extends RegressionMetrics {
  readonly task: 'regression';
  /** The target column. */
  readonly target: string;
  /** Per row (table order), the network's prediction decoded to the target's units. */
  readonly predicted: Float64Array;
  /** Per row, the known target value, in its units. */
  readonly actual: Float64Array;
}

/** A classification's metrics, with each row's predicted and known class (indices into `classes`). */
export interface ClassificationOutcome extends ClassificationMetrics {
  readonly task: 'classification';
  readonly target: string;
  /** Per row (table order), the index in `classes` of the largest output (the first of equals). */
  readonly predicted: Uint32Array;
  /** Per row, the index in `classes` of the known class. */
  readonly actual: Uint32Array;
}

/**
 * What outputMetrics gives. `predicted` and `actual` are typed arrays, one value a row: pick the
 * metric fields when writing JSON (JSON.stringify writes a typed array as an object of indices).
 */
export type OutputMetrics = RegressionOutcome | ClassificationOutcome;

/** What evaluateTable gives: the metrics, the loss, and how many cells held an unknown category. */
export type TableEvaluation = OutputMetrics & {
  /** Mean loss over the rows, as training reports it (core's `evaluate`; a regression's is on the scaled target). */
  readonly loss: number;
  /** Cells of a categorical feature whose category training never saw, encoded as all zeros (with unknownCategory 'zeros'). */
  readonly unknownCategories: number;
};

export interface EvaluateTableOptions {
  /** A category of a feature that training never saw: 'error' (default, DataError naming the cell) or 'zeros' (all-zero inputs, counted). */
  readonly unknownCategory?: 'error' | 'zeros';
  /** Rows per prediction call, so a large table never needs one huge matrix on the backend; default 8192. */
  readonly batchSize?: number;
}

export const DEFAULT_EVALUATE_BATCH = 8192;

/**
 * The metrics of network outputs against known targets, both as `preprocessor` encodes them
 * (`transformTarget`'s matrix): rows × outputSize each, row-major. A regression's outputs and
 * targets are decoded to the target's units first (value · scale + center); a classification's
 * are compared by argmax. Throws DataError when a matrix is not rows × outputSize or rows is 0.
 */
export function outputMetrics(preprocessor: Preprocessor, outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number): OutputMetrics {
  const op = 'outputMetrics';
  const cols = preprocessor.outputSize;
  if (!(Number.isInteger(rows) && rows > 0)) throw new DataError(op, `expected at least 1 row, got ${rows}`);
  for (const [what, m] of [['outputs', outputs], ['targets', targets]] as const) {
    if (m.length !== rows * cols) throw new DataError(op, `expected ${what} of ${rows} × ${cols} = ${rows * cols} values, got ${m.length}`);
  }
  const target = preprocessor.target;
  const classes = preprocessor.classes;
  if (classes === undefined) {
    // decodeValues' rule (value · scale + center) into typed arrays: no object per row.
    const { center, scale } = preprocessor.toJSON().target as NumericTarget;
    const predicted = new Float64Array(rows);
    const actual = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      predicted[r] = outputs[r]! * scale + center;
      actual[r] = targets[r]! * scale + center;
    }
    return { task: 'regression', target, ...regressionMetrics(predicted, actual), predicted, actual };
  }
  const predicted = argmaxRows(outputs, rows, cols);
  const actual = argmaxRows(targets, rows, cols);
  return { task: 'classification', target, ...classificationMetrics(predicted, actual, classes), predicted, actual };
}

/**
 * Evaluates `network` on `table` (rows with the target column, e.g. held-out rows never
 * trained on): transforms the rows with the fitted `preprocessor` (the one the network was
 * trained with), predicts them `batchSize` rows at a time, and returns outputMetrics' figures
 * plus the loss. Shapes: the network must take preprocessor.inputSize inputs and give
 * preprocessor.outputSize outputs.
 *
 * Throws DataError when the table has no target column (naming it and the table's columns),
 * when the network's shape does not match the preprocessor's, or for any cell transform or
 * transformTarget refuses (an empty cell, text in a numeric column, a class or, unless
 * unknownCategory is 'zeros', a category training never saw), naming its line and column.
 */
export async function evaluateTable(network: Network, preprocessor: Preprocessor, table: Table, options: EvaluateTableOptions = {}): Promise<TableEvaluation> {
  const op = 'evaluateTable';
  const batch = options.batchSize ?? DEFAULT_EVALUATE_BATCH;
  if (!(Number.isInteger(batch) && batch > 0)) throw new DataError(op, `batchSize must be a whole number ≥ 1, got ${String(batch)}`);
  if (!preprocessor.hasTarget(table)) {
    const source = table.source ?? 'rows';
    const has = table.columns.length > 0 ? `its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}` : 'it has no columns';
    throw new DataError(op, `${source} has no target column ${JSON.stringify(preprocessor.target)} to compare the predictions with; ${has}`, { source, column: preprocessor.target });
  }
  if (network.inputSize !== preprocessor.inputSize || network.outputSize !== preprocessor.outputSize) {
    throw new DataError(
      op,
      `the network takes ${network.inputSize} inputs and gives ${network.outputSize} outputs, but the preprocessing makes ${preprocessor.inputSize} inputs and ${preprocessor.outputSize} outputs: evaluate with the preprocessor the network was trained with`,
    );
  }
  const x = preprocessor.transform(table, options.unknownCategory === 'zeros' ? { unknownCategory: 'zeros' } : {});
  const y = preprocessor.transformTarget(table);
  const rows = x.rows;
  const outCols = y.cols;
  const outputs = new Float64Array(rows * outCols);
  let lossSum = 0;
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const xs = { data: x.data.subarray(start * x.cols, (start + n) * x.cols), rows: n, cols: x.cols };
    const ys = { data: y.data.subarray(start * outCols, (start + n) * outCols), rows: n, cols: outCols };
    outputs.set((await network.predictFlat(xs)).data, start * outCols);
    // core's evaluate gives the batch's mean loss; weighted by its rows, the table's mean.
    lossSum += (await evaluate(network, xs, ys)).loss * n;
  }
  return { ...outputMetrics(preprocessor, outputs, y.data, rows), loss: lossSum / rows, unknownCategories: x.unknownCategories };
}
