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
import { sortLabels } from './labels.js';
import { inferTask, kindFromScan, missingError, requireColumn, scanColumn, type ColumnScan } from './infer.js';
import {
  PREPROCESSING_FORMAT,
  PREPROCESSING_VERSION,
  readPreprocessing,
  type ClassTarget,
  type FeatureSpec,
  type MissingPolicy,
  type Normalization,
  type NumericTarget,
  type PreprocessingJSON,
  type Task,
} from './schema.js';
import { asDictionary, codeCounts, codesFor, columnOf, isEmptyAt, textAt } from './columns/column-data.js';
import { locate, locationText, rowCount, type Table } from './table.js';
import { cellError, MAX_MAGNITUDE, rangeError } from './encode/cell-errors.js';
import { EncodedTable, type EncodedFeature, type EncodedTarget } from './encode/encoded-table.js';

/** A categorical column with more distinct values than this is refused (likely an id or a free-text column). */
export const MAX_CATEGORIES = 100;

export interface FitOptions {
  /** The column to predict. */
  readonly target: string;
  /** The input columns, in this order; default: every column but the target, in table order. */
  readonly features?: readonly string[];
  /**
   * Default: inferred from the target column by inferTask (text labels, or at most 20 distinct
   * whole numbers, are classes; other numbers a regression).
   */
  readonly task?: Task;
  /** Scaling of numeric inputs (and of a regression target); default 'standard'. */
  readonly normalize?: Normalization;
  /** Columns to one-hot encode even though they hold numbers (codes, ids of a few groups). */
  readonly categorical?: readonly string[];
  /**
   * Empty cells (see MissingPolicy); default 'error'. Under any other policy the statistics are
   * fitted on the filled cells only; rows with an empty target, and under 'drop' rows with an
   * empty feature, must be taken out first (dropIncomplete).
   */
  readonly missing?: MissingPolicy;
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


/**
 * The largest magnitude a network input or target may have: float32's largest finite value, the
 * precision every backend computes in (core refuses larger values too, but in matrix terms).
 */
export { MAX_MAGNITUDE };

function scalingOf(values: Float64Array, normalize: Normalization): { center: number; scale: number } {
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
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / values.length);
  return { center: mean, scale: sd > 0 ? sd : 1 };
}

/** The numbers of a scan without its empty cells (the scan's own array when it has none). */
function filledNumbers(scan: ColumnScan): Float64Array {
  if (scan.missingCount === 0) return scan.numbers;
  const out = new Float64Array(scan.numberCount);
  let k = 0;
  for (const v of scan.numbers) if (!Number.isNaN(v)) out[k++] = v;
  return out;
}

/** The fill value of a numeric column: mean, median (of the sorted values) or most frequent value (the smallest of equals). */
function numericFill(values: Float64Array, missing: 'mean' | 'median' | 'mode'): number {
  if (missing === 'mean') {
    let sum = 0;
    for (const v of values) sum += v;
    return sum / values.length;
  }
  if (missing === 'median') {
    const sorted = Float64Array.from(values).sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v < best)) [best, bestCount] = [v, n];
  return best;
}

/** Distinct values counted before a categorical column is refused outright. */
const CATEGORY_COUNT_LIMIT = 100_000;

/** Counts of each category of a column's filled cells. */
function categoryCounts(table: Table, column: string, op: string): Map<string, number> {
  const data = asDictionary(columnOf(table, column), CATEGORY_COUNT_LIMIT);
  if (!data) {
    const source = table.source ?? 'rows';
    throw new DataError(op, `column ${JSON.stringify(column)} has more than ${CATEGORY_COUNT_LIMIT.toLocaleString('en-US')} distinct values in ${source}: it cannot be one-hot encoded or used as classes; leave it out of the features, or check that it is not meant to be numeric`, { source, column });
  }
  const perCode = codeCounts(data);
  const counts = new Map<string, number>();
  for (let code = 1; code < perCode.length; code++) if (perCode[code]! > 0) counts.set(data.names[code]!, perCode[code]!);
  return counts;
}

/** The most frequent category (the first in sorted order among equals). */
function modeOf(counts: ReadonlyMap<string, number>, sorted: readonly string[]): string {
  let best = sorted[0]!;
  for (const c of sorted) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
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
    const rows = rowCount(table);
    if (rows === 0) throw new DataError(op, `${source} has no data rows (a header alone is not enough to train on)`, { source });
    const { target } = options;
    requireColumn(table, target, 'target', op);
    const task = options.task ?? inferTask(table, target).task;
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
    const missing = options.missing ?? 'error';
    // One pass per column (a Float64Array of its numbers), then every statistic from that.
    const scanOf = (column: string): ColumnScan => {
      const scan = scanColumn(table, column);
      if (scan.missingCount > 0 && missing === 'error') throw missingError(table, column, scan, op);
      if (scan.missingCount === rows) throw new DataError(op, `column ${JSON.stringify(column)} is empty in every one of the ${rows} training rows of ${source}`, { source, column });
      return scan;
    };
    const checkRange = (column: string, scan: ColumnScan): void => {
      const { numbers } = scan;
      for (let r = 0; r < numbers.length; r++) {
        if (Math.abs(numbers[r]!) > MAX_MAGNITUDE) throw rangeError(table, r, column, textAt(columnOf(table, column), r), op);
      }
    };

    const features: FeatureSpec[] = names.map((name) => {
      const scan = scanOf(name);
      const kind = forced.has(name) ? 'categorical' : kindFromScan(table, name, scan, op);
      if (kind === 'numeric') {
        checkRange(name, scan);
        const values = filledNumbers(scan);
        const fill = missing === 'error' || missing === 'drop' ? {} : { fill: numericFill(values, missing) };
        return { name, kind, ...scalingOf(values, normalize), ...fill };
      }
      const counts = categoryCounts(table, name, op);
      const categories = sortLabels(counts.keys());
      if (categories.length > MAX_CATEGORIES) {
        throw new DataError(op, `column ${JSON.stringify(name)} has ${categories.length} distinct text values in ${source} (more than ${MAX_CATEGORIES}): one-hot encoding it would add that many inputs; leave it out of the features, or check that it is not meant to be numeric`, { source, column: name });
      }
      const fill = missing === 'error' || missing === 'drop' ? {} : { fill: modeOf(counts, categories) };
      return { name, kind, categories, ...fill };
    });

    let targetSpec: ClassTarget | NumericTarget;
    const targetScan = scanOf(target);
    if (task === 'classification') {
      const classes = sortLabels(categoryCounts(table, target, op).keys());
      if (classes.length < 2) {
        throw new DataError(op, `target ${JSON.stringify(target)} has a single class (${JSON.stringify(classes[0])}) in the ${rows} training rows of ${source}: there is nothing to tell apart`, { source, column: target });
      }
      targetSpec = { name: target, kind: 'classes', classes };
    } else {
      if (targetScan.firstText >= 0 && kindFromScan(table, target, targetScan, op) !== 'numeric') {
        const row = targetScan.firstText;
        const where = locate(table, row, target);
        throw new DataError(op, `${locationText(where)}: a regression target must be a number, got ${JSON.stringify(textAt(columnOf(table, target), row))}`, where);
      }
      checkRange(target, targetScan);
      targetSpec = { name: target, kind: 'numeric', ...scalingOf(filledNumbers(targetScan), normalize) };
    }
    return new Preprocessor({
      format: PREPROCESSING_FORMAT,
      version: PREPROCESSING_VERSION,
      task,
      normalize,
      ...(missing !== 'error' ? { missing } : {}),
      features,
      target: targetSpec,
    });
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
    const { features, unknownCategories } = this.encodeFeatures(table, options);
    return { ...new EncodedTable(rowCount(table), features, undefined, unknownCategories).inputs(), unknownCategories };
  }

  /**
   * The network's targets for every row, rows × outputSize: one-hot classes, or the scaled
   * regression value. Throws DataError when the target column is missing, a cell is empty, a
   * class was not among the training classes, or a regression value is not a number.
   */
  transformTarget(table: Table): Matrix {
    return new EncodedTable(rowCount(table), [], this.encodeTarget(table), 0).targets();
  }

  /**
   * The table encoded compactly (see EncodedTable): the same inputs and targets as transform and
   * transformTarget, made dense only for the rows asked for, e.g. a batch at a time by
   * `dataset()`. The target is encoded when the table has its column. Throws what transform and
   * transformTarget throw.
   */
  encode(table: Table, options: TransformOptions = {}): EncodedTable {
    const { features, unknownCategories } = this.encodeFeatures(table, options);
    return new EncodedTable(rowCount(table), features, this.hasTarget(table) ? this.encodeTarget(table) : undefined, unknownCategories);
  }

  private encodeFeatures(table: Table, options: TransformOptions): { features: EncodedFeature[]; unknownCategories: number } {
    const op = 'preprocess';
    const rows = rowCount(table);
    if (rows === 0) throw new DataError(op, `${table.source ?? 'rows'} has no data rows`, { source: table.source ?? 'rows' });
    for (const f of this.spec.features) requireColumn(table, f.name, 'feature', op);
    let unknown = 0;
    const missing = this.spec.missing ?? 'error';
    const features = this.spec.features.map((f, k): EncodedFeature => {
      const name = f.name;
      const column = columnOf(table, name);
      if (f.kind === 'numeric') {
        const values = scanColumn(table, name).numbers;
        for (let r = 0; r < rows; r++) {
          let v = values[r]!;
          if (Number.isNaN(v)) {
            if (f.fill !== undefined && isEmptyAt(column, r)) v = f.fill;
            else throw cellError(table, r, name, missing === 'drop' ? 'expected a number (rows with empty cells are dropped before this step: dropIncomplete)' : 'expected a number', textAt(column, r), op);
          }
          const scaled = (v - f.center) / f.scale;
          if (!(Math.abs(v) <= MAX_MAGNITUDE) || !(Math.abs(scaled) <= MAX_MAGNITUDE)) throw rangeError(table, r, name, textAt(column, r), op);
          values[r] = scaled;
        }
        return { kind: 'numeric', values };
      }
      // Each distinct text looked up once (its input + 1; 0: unknown), then one pass over the codes.
      const index = this.categoryIndex[k]!;
      const { codes, names } = codesFor(column, index);
      const inputOf = Int32Array.from(names, (text, code) => (index.get(code === 0 && f.fill !== undefined ? f.fill : text) ?? -1) + 1);
      const inputs = f.categories.length < 256 ? new Uint8Array(rows) : new Uint16Array(rows);
      for (let r = 0; r < rows; r++) {
        const code = codes[r]!;
        const input = code < 0 ? 0 : inputOf[code]!;
        if (input > 0) inputs[r] = input;
        else if (options.unknownCategory === 'zeros' && code !== 0) unknown++;
        else throw cellError(table, r, name, `expected one of the categories seen in training (${f.categories.map((x) => JSON.stringify(x)).join(', ')})`, textAt(column, r), op);
      }
      return { kind: 'categorical', inputs, width: f.categories.length };
    });
    return { features, unknownCategories: unknown };
  }

  private encodeTarget(table: Table): EncodedTarget {
    const op = 'preprocessTarget';
    const t = this.spec.target;
    requireColumn(table, t.name, 'target', op);
    const rows = rowCount(table);
    const column = columnOf(table, t.name);
    if (t.kind === 'classes') {
      const { codes, names } = codesFor(column, this.classIndex!);
      const classOf = Int32Array.from(names, (text) => this.classIndex!.get(text) ?? -1);
      const classIndex = t.classes.length <= 256 ? new Uint8Array(rows) : t.classes.length <= 65536 ? new Uint16Array(rows) : new Uint32Array(rows);
      for (let r = 0; r < rows; r++) {
        const code = codes[r]!;
        const index = code < 0 ? -1 : classOf[code]!;
        if (index < 0) throw cellError(table, r, t.name, `expected one of the classes seen in training (${t.classes.map((x) => JSON.stringify(x)).join(', ')})`, textAt(column, r), op);
        classIndex[r] = index;
      }
      return { kind: 'classes', classIndex, classes: t.classes.length };
    }
    const values = scanColumn(table, t.name).numbers;
    for (let r = 0; r < rows; r++) {
      const v = values[r]!;
      if (Number.isNaN(v)) throw cellError(table, r, t.name, 'expected a number', textAt(column, r), op);
      const scaled = (v - t.center) / t.scale;
      if (!(Math.abs(v) <= MAX_MAGNITUDE) || !(Math.abs(scaled) <= MAX_MAGNITUDE)) throw rangeError(table, r, t.name, textAt(column, r), op);
      values[r] = scaled;
    }
    return { kind: 'numeric', values };
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
      // No prototype: a class named "__proto__" (or "constructor") is a key like any other.
      const probabilities = Object.create(null) as Record<string, number>;
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
}
