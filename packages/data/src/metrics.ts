/**
 * The figures a data scientist reads after training, computed from predictions and known
 * targets: for a regression RMSE, MAE and R² in the target's own units; for a classification
 * accuracy, per-class precision, recall and F1, and the confusion matrix. Definitions as in
 * scikit-learn's `metrics` module (mean_squared_error, mean_absolute_error, r2_score,
 * precision_recall_fscore_support, confusion_matrix); a class never predicted has precision 0
 * (scikit-learn's zero_division=0).
 */
import { DataError } from './errors.js';

export interface RegressionMetrics {
  /** √(mean((ŷ − y)²)), in the target's units. */
  readonly rmse: number;
  /** mean(|ŷ − y|), in the target's units. */
  readonly mae: number;
  /** 1 − Σ(ŷ − y)² / Σ(y − ȳ)²: 1 is perfect, 0 is no better than predicting the mean; null when every y is the same. */
  readonly r2: number | null;
  readonly rows: number;
}

/** Regression metrics of `predicted` against `actual` (same length ≥ 1, same units). Throws DataError otherwise. */
export function regressionMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): RegressionMetrics {
  const n = actual.length;
  if (predicted.length !== n || n === 0) throw new DataError('regressionMetrics', `expected as many predictions as targets (at least 1), got ${predicted.length} predictions and ${n} targets`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += actual[i]!;
  const mean = sum / n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    squared += e * e;
    absolute += Math.abs(e);
    total += (actual[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(squared / n), mae: absolute / n, r2: total > 0 ? 1 - squared / total : null, rows: n };
}

export interface ClassMetrics {
  readonly class: string;
  /** Of the rows predicted as this class, the share that are (0 when none is predicted). */
  readonly precision: number;
  /** Of the rows of this class, the share predicted as it (0 when it has none). */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Rows of this class. */
  readonly support: number;
}

export interface ClassificationMetrics {
  readonly accuracy: number;
  readonly classes: readonly string[];
  /** confusion[actual][predicted]: row counts, classes in `classes` order. */
  readonly confusion: number[][];
  readonly perClass: ClassMetrics[];
  /** Unweighted mean of the per-class F1 (a rare class weighs as much as a common one). */
  readonly macroF1: number;
  readonly rows: number;
}

/**
 * Classification metrics from class indices (0..classes.length−1) of the predictions and of the
 * targets. Throws DataError for lengths that differ, no rows, or an index out of range.
 */
export function classificationMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: readonly string[]): ClassificationMetrics {
  const op = 'classificationMetrics';
  const n = actual.length;
  const k = classes.length;
  if (predicted.length !== n || n === 0) throw new DataError(op, `expected as many predictions as targets (at least 1), got ${predicted.length} predictions and ${n} targets`);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!(Number.isInteger(a) && a >= 0 && a < k && Number.isInteger(p) && p >= 0 && p < k)) {
      throw new DataError(op, `row ${i}: class indices must be whole numbers from 0 to ${k - 1}, got predicted ${p} and actual ${a}`);
    }
    confusion[a]![p]!++;
    if (a === p) correct++;
  }
  const perClass = classes.map((name, c) => {
    const truePositives = confusion[c]![c]!;
    let predictedAs = 0;
    for (let a = 0; a < k; a++) predictedAs += confusion[a]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const precision = predictedAs > 0 ? truePositives / predictedAs : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { class: name, precision, recall, f1, support };
  });
  const macroF1 = perClass.reduce((s, m) => s + m.f1, 0) / k;
  return { accuracy: correct / n, classes, confusion, perClass, macroF1, rows: n };
}

/** The index of the largest value of each row of a rows × cols matrix (the first of equals). */
export function argmaxRows(values: ArrayLike<number>, rows: number, cols: number): Uint32Array {
  if (values.length !== rows * cols) throw new DataError('argmaxRows', `expected ${rows} × ${cols} = ${rows * cols} values, got ${values.length}`);
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c]! > values[r * cols + best]!) best = c;
    out[r] = best;
  }
  return out;
}
