/**
 * A Preprocessor turns a table of named values into the numeric matrices a network trains on,
 * and back: fitted on the training rows only (means, scales, category lists, class names), then
 * applied unchanged to test rows and to new files, by column name (so columns may come in any
 * order, and extra columns are ignored). Its `toJSON()` is saved with the model.
 *
 * Inputs, in feature order: a numeric column gives one input `(x − center) / scale`; a
 * categorical column gives one input per category seen in training (one-hot). Outputs: one
 * per class (one-hot; the network's softmax gives probabilities), or for a regression one
 * output `(y − center) / scale`, decoded back into the target's units.
 */
import { DataError } from './errors.js';
import { inferColumnKind, requireColumn, requireComplete } from './infer.js';
import {
  PREPROCESSING_FORMAT,
  PREPROCESSING_VERSION,
  readPreprocessing,
  type ClassTarget,
  type FeatureSpec,
  type Normalization,
  type NumericTarget,
  type PreprocessingJSON,
  type Task,
} from './schema.js';
import { categoryOf, locate, locationText, numberOf, type Table } from './table.js';

/** A categorical column with more distinct values than this is refused (likely an id or a free-text column). */
export const MAX_CATEGORIES = 100;

export interface FitOptions {
  /** The column to predict. */
  readonly target: string;
  /** The input columns, in this order; default: every column but the target, in table order. */
  readonly features?: readonly string[];
  /** Default: 'classification'. Use inferTask() to decide from the data. */
  readonly task?: Task;
  /** Scaling of numeric inputs (and of a regression target); default 'standard'. */
  readonly normalize?: Normalization;
  /** Columns to one-hot encode even though they hold numbers (codes, ids of a few groups). */
  readonly categorical?: readonly string[];
}

export interface TransformOptions {
  /**
   * A category that training never saw: 'error' (the default) throws naming the line, column
   * and the known categories; 'zeros' encodes it as all-zero inputs for that column.
   */
  readonly unknownCategory?: 'error' | 'zeros';
}

export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export interface ClassPrediction {
  /** The class with the highest probability. */
  readonly class: string;
  readonly probability: number;
  /** Every class's probability (the network's outputs), by class name. */
  readonly probabilities: Readonly<Record<string, number>>;
}

export interface ValuePrediction {
  /** The prediction in the target's own units. */
  readonly value: number;
}

function sortLabels(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The largest magnitude a network input or target may have: float32's largest finite value, the
 * precision every backend computes in (core refuses larger values too, but in matrix terms).
 */
export const MAX_MAGNITUDE = 3.4028234663852886e38;

function scalingOf(values: readonly number[], normalize: Normalization): { center: number; scale: number } {
  if (normalize === 'none') return { center: 0, scale: 1 };
  if (normalize === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // A constant column: nothing to scale; keep it at 0.
    return { center: min, scale: max > min ? max - min : 1 };
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  const sd = Math.sqrt(variance);
  return { center: mean, scale: sd > 0 ? sd : 1 };
}

export class Preprocessor {
  private readonly classIndex: ReadonlyMap<string, number> | undefined;
  private readonly categoryIndex: readonly (ReadonlyMap<string, number> | undefined)[];

  private constructor(readonly spec: PreprocessingJSON) {
    this.classIndex = spec.target.kind === 'classes' ? new Map(spec.target.classes.map((c, i) => [c, i])) : undefined;
    this.categoryIndex = spec.features.map((f) => (f.kind === 'categorical' ? new Map(f.categories.map((c, i) => [c, i])) : undefined));
  }

  /**
   * Fits the preprocessing to `table` (the training rows only). Throws DataError for a missing
   * target or feature column (named), an empty cell, text in a numeric column, a target with
   * one class, a non-numeric regression target, or a categorical column of more than
   * MAX_CATEGORIES values.
   */
  static fit(table: Table, options: FitOptions): Preprocessor {
    const op = 'fitPreprocessor';
    const source = table.source ?? 'rows';
    if (table.rows.length === 0) throw new DataError(op, `${source} has no data rows (a header alone is not enough to train on)`, { source });
    const { target } = options;
    const task = options.task ?? 'classification';
    const normalize = options.normalize ?? 'standard';
    requireColumn(table, target, 'target', op);
    const names = options.features ?? table.columns.filter((c) => c !== target);
    if (names.length === 0) throw new DataError(op, `${source} has no column besides the target ${JSON.stringify(target)} to learn from`, { source });
    const forced = new Set(options.categorical ?? []);
    for (const name of forced) if (!names.includes(name)) throw new DataError(op, `categorical column ${JSON.stringify(name)} is not among the features (${names.join(', ')})`, { source, column: name });
    const seen = new Set<string>();
    for (const name of names) {
      if (name === target) throw new DataError(op, `column ${JSON.stringify(name)} cannot be both the target and a feature`, { source, column: name });
      if (seen.has(name)) throw new DataError(op, `feature column ${JSON.stringify(name)} is listed twice`, { source, column: name });
      seen.add(name);
      requireColumn(table, name, 'feature', op);
    }
    for (const column of [...names, target]) requireComplete(table, column, op);
    const checkRange = (column: string): void => {
      table.rows.forEach((row, r) => {
        const v = numberOf(row[column]);
        if (v !== undefined && !(Math.abs(v) <= MAX_MAGNITUDE)) throw Preprocessor.rangeError(table, r, column, row[column], op);
      });
    };

    const features: FeatureSpec[] = names.map((name) => {
      const kind = forced.has(name) ? 'categorical' : inferColumnKind(table, name, op);
      if (kind === 'numeric') {
        checkRange(name);
        return { name, kind, ...scalingOf(table.rows.map((r) => numberOf(r[name])!), normalize) };
      }
      const categories = sortLabels(new Set(table.rows.map((r) => categoryOf(r[name]))));
      if (categories.length > MAX_CATEGORIES) {
        throw new DataError(op, `column ${JSON.stringify(name)} has ${categories.length} distinct text values in ${source} (more than ${MAX_CATEGORIES}): one-hot encoding it would add that many inputs; leave it out of the features, or check that it is not meant to be numeric`, { source, column: name });
      }
      return { name, kind, categories };
    });

    let targetSpec: ClassTarget | NumericTarget;
    if (task === 'classification') {
      const classes = sortLabels(new Set(table.rows.map((r) => categoryOf(r[target]))));
      if (classes.length < 2) {
        throw new DataError(op, `target ${JSON.stringify(target)} has a single class (${JSON.stringify(classes[0])}) in the ${table.rows.length} training rows of ${source}: there is nothing to tell apart`, { source, column: target });
      }
      targetSpec = { name: target, kind: 'classes', classes };
    } else {
      if (inferColumnKind(table, target, op) !== 'numeric') {
        const row = table.rows.findIndex((r) => numberOf(r[target]) === undefined);
        const where = locate(table, row, target);
        throw new DataError(op, `${locationText(where)}: a regression target must be a number, got ${JSON.stringify(categoryOf(table.rows[row]![target]))}`, where);
      }
      checkRange(target);
      targetSpec = { name: target, kind: 'numeric', ...scalingOf(table.rows.map((r) => numberOf(r[target])!), normalize) };
    }
    return new Preprocessor({ format: PREPROCESSING_FORMAT, version: PREPROCESSING_VERSION, task, normalize, features, target: targetSpec });
  }

  /** A preprocessor from its saved JSON (validated; throws DataError naming the bad field). */
  static fromJSON(value: unknown): Preprocessor {
    return new Preprocessor(readPreprocessing(value));
  }

  toJSON(): PreprocessingJSON {
    return this.spec;
  }

  get task(): Task {
    return this.spec.task;
  }

  get target(): string {
    return this.spec.target.name;
  }

  /** The feature columns, in input order. */
  get featureNames(): string[] {
    return this.spec.features.map((f) => f.name);
  }

  /** One name per network input: the column, or `column=category` for one-hot inputs. */
  get inputNames(): string[] {
    return this.spec.features.flatMap((f) => (f.kind === 'numeric' ? [f.name] : f.categories.map((c) => `${f.name}=${c}`)));
  }

  get inputSize(): number {
    return this.inputNames.length;
  }

  /** Outputs of the network: one per class, or one for a regression. */
  get outputSize(): number {
    return this.spec.target.kind === 'classes' ? this.spec.target.classes.length : 1;
  }

  /** The class names, in output order; undefined for a regression. */
  get classes(): readonly string[] | undefined {
    return this.spec.target.kind === 'classes' ? this.spec.target.classes : undefined;
  }

  /** Whether `table` has the target column (then transformTarget can measure predictions). */
  hasTarget(table: Table): boolean {
    return table.columns.includes(this.spec.target.name);
  }

  /**
   * The network's inputs for every row, rows × inputSize, looked up by column name. Throws
   * DataError for a missing feature column, an empty cell, text in a numeric column, or (unless
   * `unknownCategory: 'zeros'`) a category training never saw. Returns how many cells held an
   * unknown category (encoded as zeros).
   */
  transform(table: Table, options: TransformOptions = {}): Matrix & { unknownCategories: number } {
    const op = 'preprocess';
    const cols = this.inputSize;
    const rows = table.rows.length;
    if (rows === 0) throw new DataError(op, `${table.source ?? 'rows'} has no data rows`, { source: table.source ?? 'rows' });
    for (const f of this.spec.features) requireColumn(table, f.name, 'feature', op);
    const data = new Float64Array(rows * cols);
    let unknown = 0;
    table.rows.forEach((row, r) => {
      let c = r * cols;
      this.spec.features.forEach((f, k) => {
        const cell = row[f.name];
        if (f.kind === 'numeric') {
          const v = numberOf(cell);
          if (v === undefined) throw this.cellError(table, r, f.name, 'expected a number', cell);
          const scaled = (v - f.center) / f.scale;
          if (!(Math.abs(v) <= MAX_MAGNITUDE) || !(Math.abs(scaled) <= MAX_MAGNITUDE)) throw Preprocessor.rangeError(table, r, f.name, cell, op);
          data[c++] = scaled;
          return;
        }
        const name = categoryOf(cell);
        const index = this.categoryIndex[k]!.get(name);
        if (index !== undefined) data[c + index] = 1;
        else if (options.unknownCategory === 'zeros' && cell !== null && cell !== undefined && name !== '') unknown++;
        else throw this.cellError(table, r, f.name, `expected one of the categories seen in training (${f.categories.map((x) => JSON.stringify(x)).join(', ')})`, cell);
        c += f.categories.length;
      });
    });
    return { data, rows, cols, unknownCategories: unknown };
  }

  /**
   * The network's targets for every row, rows × outputSize: one-hot classes, or the scaled
   * regression value. Throws DataError when the target column is missing, a cell is empty, a
   * class was not among the training classes, or a regression value is not a number.
   */
  transformTarget(table: Table): Matrix {
    const op = 'preprocessTarget';
    const t = this.spec.target;
    requireColumn(table, t.name, 'target', op);
    const rows = table.rows.length;
    const cols = this.outputSize;
    const data = new Float64Array(rows * cols);
    table.rows.forEach((row, r) => {
      const cell = row[t.name];
      if (t.kind === 'classes') {
        const index = this.classIndex!.get(categoryOf(cell));
        if (index === undefined) throw this.cellError(table, r, t.name, `expected one of the classes seen in training (${t.classes.map((x) => JSON.stringify(x)).join(', ')})`, cell, op);
        data[r * cols + index] = 1;
      } else {
        const v = numberOf(cell);
        if (v === undefined) throw this.cellError(table, r, t.name, 'expected a number', cell, op);
        const scaled = (v - t.center) / t.scale;
        if (!(Math.abs(v) <= MAX_MAGNITUDE) || !(Math.abs(scaled) <= MAX_MAGNITUDE)) throw Preprocessor.rangeError(table, r, t.name, cell, op);
        data[r] = scaled;
      }
    });
    return { data, rows, cols };
  }

  /** The class name of each row of a one-hot/probability matrix (the target's or the network's). */
  classesOf(outputs: ArrayLike<number>, rows: number): string[] {
    return this.decodeClasses(outputs, rows).map((p) => p.class);
  }

  /**
   * Class names and probabilities from the network's outputs (rows × outputSize, a softmax).
   * Throws DataError for a regression preprocessor or outputs of the wrong size.
   */
  decodeClasses(outputs: ArrayLike<number>, rows: number): ClassPrediction[] {
    const t = this.spec.target;
    if (t.kind !== 'classes') throw new DataError('decodeClasses', `the target ${JSON.stringify(t.name)} is a regression; use decodeValues`);
    this.checkOutputs('decodeClasses', outputs, rows);
    const n = t.classes.length;
    return Array.from({ length: rows }, (_, r) => {
      let best = 0;
      const probabilities: Record<string, number> = {};
      for (let k = 0; k < n; k++) {
        const p = outputs[r * n + k]!;
        probabilities[t.classes[k]!] = p;
        if (p > outputs[r * n + best]!) best = k;
      }
      return { class: t.classes[best]!, probability: outputs[r * n + best]!, probabilities };
    });
  }

  /** Regression outputs back in the target's units: y = output · scale + center. */
  decodeValues(outputs: ArrayLike<number>, rows: number): ValuePrediction[] {
    const t = this.spec.target;
    if (t.kind !== 'numeric') throw new DataError('decodeValues', `the target ${JSON.stringify(t.name)} is a classification; use decodeClasses`);
    this.checkOutputs('decodeValues', outputs, rows);
    return Array.from({ length: rows }, (_, r) => ({ value: outputs[r]! * t.scale + t.center }));
  }

  private checkOutputs(op: string, outputs: ArrayLike<number>, rows: number): void {
    if (outputs.length !== rows * this.outputSize) {
      throw new DataError(op, `expected ${rows} × ${this.outputSize} = ${rows * this.outputSize} outputs, got ${outputs.length}`);
    }
  }

  /** A number too large for the float32 arithmetic of every backend, before or after scaling. */
  private static rangeError(table: Table, row: number, column: string, cell: unknown, op: string): DataError {
    const where = locate(table, row, column);
    const text = typeof cell === 'string' ? cell.trim() : String(cell);
    return new DataError(op, `${locationText(where)}: ${text} is too large: networks compute in float32, whose values (inputs and targets, before and after scaling) must lie within ±3.4e38`, where);
  }

  private cellError(table: Table, row: number, column: string, expected: string, cell: unknown, op = 'preprocess'): DataError {
    const where = locate(table, row, column);
    const got = cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '') ? 'an empty cell' : JSON.stringify(typeof cell === 'string' ? cell.trim() : cell);
    return new DataError(op, `${locationText(where)}: ${expected}, got ${got}`, where);
  }
}
