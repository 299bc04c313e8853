/**
 * What a trained network achieves on the held-out rows, in the figures a data scientist reads
 * (computed by @backprop/data's metrics): for a regression RMSE, MAE and R² in the target's own
 * units (a table's preprocessing decodes the scaled outputs back, @backprop/data's
 * outputMetrics, the figures its evaluateTable gives); for a classification accuracy,
 * per-class precision, recall and F1, and the confusion matrix.
 */
import type { Network } from '@backprop/core';
import { argmaxRows, classificationMetrics, outputMetrics, regressionMetrics, type ClassificationMetrics, type RegressionMetrics } from '@backprop/data';
import type { Dataset, Split } from './datasets/index.js';
import { formatColumns } from './output.js';

/** The figures, as `--json` prints them (plain numbers and arrays). */
export type HeldOutMetrics = ({ readonly kind: 'regression'; readonly target: string } & RegressionMetrics) | ({ readonly kind: 'classification' } & ClassificationMetrics);

/** The figures, and for a regression each held-out row's prediction and known value in the target's units (for the metrics chart). */
export interface HeldOutOutcome {
  readonly metrics: HeldOutMetrics;
  readonly predicted?: ArrayLike<number>;
  readonly actual?: ArrayLike<number>;
}

/** Class indices of a matrix of outputs or one-hot targets: argmax, or a 0.5 threshold for one output. */
function classIndices(values: ArrayLike<number>, rows: number, cols: number): Uint32Array {
  if (cols > 1) return argmaxRows(values, rows, cols);
  return Uint32Array.from({ length: rows }, (_, r) => (values[r]! >= 0.5 ? 1 : 0));
}

/** The metrics of `network` on `split` (the dataset's held-out rows). */
export async function heldOutOutcome(network: Network, dataset: Dataset, split: Split = dataset.test): Promise<HeldOutOutcome> {
  const out = await network.predictFlat({ data: split.x, rows: split.rows, cols: dataset.inputSize });
  const cols = dataset.outputSize;
  const prep = dataset.preprocessor;
  if (prep) {
    // A table: the same figures as @backprop/data's evaluateTable, from the matrices already made.
    const m = outputMetrics(prep, out.data, split.y, split.rows);
    if (m.task === 'regression') {
      const { target, rmse, mae, r2, rows } = m;
      return { metrics: { kind: 'regression', target, rmse, mae, r2, rows }, predicted: m.predicted, actual: m.actual };
    }
    const { accuracy, classes, confusion, perClass, macroF1, rows } = m;
    return { metrics: { kind: 'classification', accuracy, classes, confusion, perClass, macroF1, rows } };
  }
  if (dataset.task === 'regression') {
    // Built-in regressions (sine, seed) are learnt in their own units; every output counts.
    return { metrics: { kind: 'regression', target: 'y', ...regressionMetrics(out.data, split.y) }, predicted: out.data, actual: split.y };
  }
  const classes = Array.from({ length: Math.max(cols, 2) }, (_, k) => String(k));
  return { metrics: { kind: 'classification', ...classificationMetrics(classIndices(out.data, split.rows, cols), classIndices(split.y, split.rows, cols), classes) } };
}

function fixed(v: number, digits = 3): string {
  return v.toFixed(digits);
}

/** Most confusion matrices fit a terminal; beyond this many classes only the per-class table is printed. */
const MAX_CONFUSION_CLASSES = 20;

/** Human lines: one for a regression, a per-class table and the confusion matrix for a classification. */
export function heldOutText(m: HeldOutMetrics): string[] {
  if (m.kind === 'regression') {
    const r2 = m.r2 === null ? '- (every target is the same)' : m.r2.toFixed(4);
    return [`held out  RMSE ${m.rmse.toPrecision(4)}, MAE ${m.mae.toPrecision(4)} (in ${JSON.stringify(m.target)}'s own units), R² ${r2}, on ${m.rows.toLocaleString('en-US')} test rows`];
  }
  const perClass = formatColumns(
    [
      ['class', 'precision', 'recall', 'F1', 'support'],
      ...m.perClass.map((c) => [c.class, fixed(c.precision), fixed(c.recall), fixed(c.f1), c.support.toLocaleString('en-US')]),
      ['macro F1', '', '', fixed(m.macroF1), m.rows.toLocaleString('en-US')],
    ],
    new Set([1, 2, 3, 4]),
  );
  const lines = ['held out  per class, on the test rows:', ...perClass.split('\n').map((l) => `          ${l}`)];
  if (m.classes.length <= MAX_CONFUSION_CLASSES) {
    const matrix = formatColumns(
      [['actual \\ predicted', ...m.classes], ...m.confusion.map((row, a) => [m.classes[a]!, ...row.map((n) => n.toLocaleString('en-US'))])],
      new Set(m.classes.map((_, i) => i + 1)),
    );
    lines.push('confusion (rows: actual class, columns: predicted):', ...matrix.split('\n').map((l) => `          ${l}`));
  }
  return lines;
}
