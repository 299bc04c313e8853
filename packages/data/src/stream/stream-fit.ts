/**
 * The preprocessing fitted in ONE pass over streamed rows (tables handed in chunk by chunk),
 * giving the Preprocessor that Preprocessor.fit gives on the same rows, with the same JSON:
 * per column, counts of numbers, empty and text cells (the same numeric/categorical rule,
 * infer.ts), the first text cell (for the same error), the category counts (sorted names; the
 * most frequent for a fill), min and max, and the mean and variance by Welford's running update
 * (Welford 1962; Knuth, TAOCP vol. 2, 4.2.2). The mean is also kept as a plain running sum, so
 * that `center` is the in-memory fit's sum/n bit for bit; the standard deviation from Welford's
 * M2 can differ from the in-memory two-pass value in the last bits (relative ~1e-15).
 *
 * Memory: a few numbers per column and at most MAX_CATEGORIES + 1 category counts per column,
 * whatever the number of rows. Not possible in one bounded pass, so refused: missing 'median'
 * and 'mode' for numeric columns (they need every value).
 */
import { DataError } from '../errors.js';
import { MAX_CATEGORIES, MAX_MAGNITUDE, Preprocessor, type FitOptions } from '../preprocessor.js';
import { sortLabels } from '../labels.js';
import { MAX_INTEGER_CLASSES } from '../infer.js';
import { PREPROCESSING_FORMAT, PREPROCESSING_VERSION, type FeatureSpec, type PreprocessingJSON, type Task } from '../schema.js';
import { categoryOf, isMissing, locate, locationText, numberOf, rowCount, type Cell, type Table } from '../table.js';
import { columnOf, entryNumbers, textAt } from '../columns/column-data.js';
import type { DataLocation } from '../errors.js';

const op = 'fitPreprocessor';

/** Everything one pass learns of a column. */
class ColumnStats {
  rows = 0;
  numbers = 0;
  missing = 0;
  firstMissing: DataLocation | undefined;
  firstText: { where: DataLocation; cell: Cell } | undefined;
  firstTooLarge: { where: DataLocation; cell: Cell } | undefined;
  sum = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  /** Category counts, in order of first appearance; stops growing past MAX_CATEGORIES. */
  readonly counts = new Map<string, number>();
  tooManyCategories = false;

  /** One cell; `x` is its number when the caller has it already (undefined: not a number). */
  add(table: Table, r: number, column: string, cell: Cell, x: number | undefined = numberOf(cell)): void {
    this.rows++;
    if (x !== undefined) {
      this.numbers++;
      this.sum += x;
      // Welford: the running mean and the sum of squared deviations from it.
      const delta = x - this.mean;
      this.mean += delta / this.numbers;
      this.m2 += delta * (x - this.mean);
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      if (!this.firstTooLarge && Math.abs(x) > MAX_MAGNITUDE) this.firstTooLarge = { where: locate(table, r, column), cell };
    } else if (isMissing(cell)) {
      this.missing++;
      this.firstMissing ??= locate(table, r, column);
      return;
    } else {
      this.firstText ??= { where: locate(table, r, column), cell };
    }
    if (this.tooManyCategories) return;
    const name = categoryOf(cell);
    const n = this.counts.get(name);
    if (n !== undefined) this.counts.set(name, n + 1);
    else if (this.counts.size < MAX_CATEGORIES) this.counts.set(name, 1);
    else this.tooManyCategories = true;
  }

  get filled(): number {
    return this.rows - this.missing;
  }
}

/**
 * inferTask's rule from one pass's statistics: text labels, or whole numbers of at most
 * MAX_INTEGER_CLASSES distinct values, are classes; other numbers a regression.
 */
function inferredTask(s: ColumnStats): Task {
  if (s.numbers * 2 < s.filled) return 'classification';
  if (s.tooManyCategories || s.counts.size > MAX_INTEGER_CLASSES) return 'regression';
  for (const label of s.counts.keys()) if (!Number.isInteger(numberOf(label))) return 'regression';
  return 'classification';
}

function modeOf(counts: ReadonlyMap<string, number>, sorted: readonly string[]): string {
  let best = sorted[0]!;
  for (const c of sorted) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

/**
 * Fits a Preprocessor in one pass over `chunks` (the training rows only; see
 * `Preprocessor.fit` for the options and the errors, which name the file line). Also returns
 * the rows seen and the empty cells per column. Missing 'median' and 'mode' are refused (they
 * need every value of a column), and so are rows with empty cells under any policy but 'error'
 * unless dropped beforehand (the streamed dataset drops them as it reads).
 */
export class StreamingPreprocessorFit {
  private readonly stats = new Map<string, ColumnStats>();
  private names: string[] | undefined;
  private source = 'rows';
  rows = 0;

  constructor(private readonly options: FitOptions) {
    const missing = options.missing ?? 'error';
    if (missing === 'median' || missing === 'mode') {
      throw new DataError(op, `missing '${missing}' needs every value of a column at once, which a streamed file does not keep: use 'mean', 'drop' or 'error' when streaming`);
    }
  }

  /** Adds the rows of one chunk. */
  add(table: Table): void {
    this.source = table.source ?? 'rows';
    if (!this.names) this.names = this.checkColumns(table);
    const columns = [...this.names, this.options.target];
    for (const column of columns) {
      let s = this.stats.get(column);
      if (!s) this.stats.set(column, (s = new ColumnStats()));
      if (!table.columns.includes(column)) throw new DataError(op, `${this.source} has no column ${JSON.stringify(column)} in the rows from line ${table.lines?.[0] ?? '?'} on`, { source: this.source, column });
      // From the chunk's typed column: each distinct text parsed once.
      const data = columnOf(table, column);
      if (data.kind === 'dictionary') {
        const entries = entryNumbers(data);
        const { codes, names } = data;
        for (let r = 0; r < data.length; r++) {
          const code = codes[r]!;
          const x = entries[code]!;
          s.add(table, r, column, names[code], Number.isNaN(x) ? undefined : x);
        }
      } else {
        for (let r = 0; r < data.length; r++) s.add(table, r, column, textAt(data, r));
      }
    }
    this.rows += rowCount(table);
  }

  /** Empty cells per column seen so far. */
  missingCounts(): Record<string, number> {
    return Object.fromEntries([...this.stats].map(([name, s]) => [name, s.missing]));
  }

  private checkColumns(table: Table): string[] {
    const { target } = this.options;
    const source = this.source;
    if (!table.columns.includes(target)) throw new DataError(op, `${source} has no target column ${JSON.stringify(target)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column: target });
    const names = this.options.features ? [...this.options.features] : table.columns.filter((c) => c !== target);
    if (names.length === 0) throw new DataError(op, `${source} has no column besides the target ${JSON.stringify(target)} to learn from`, { source });
    const forced = new Set(this.options.categorical ?? []);
    for (const name of forced) if (!names.includes(name)) throw new DataError(op, `categorical column ${JSON.stringify(name)} is not among the features (${names.join(', ')})`, { source, column: name });
    const seen = new Set<string>();
    for (const name of names) {
      if (name === target) throw new DataError(op, `column ${JSON.stringify(name)} cannot be both the target and a feature`, { source, column: name });
      if (seen.has(name)) throw new DataError(op, `feature column ${JSON.stringify(name)} is listed twice`, { source, column: name });
      seen.add(name);
      if (!table.columns.includes(name)) throw new DataError(op, `${source} has no feature column ${JSON.stringify(name)}; its columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`, { source, column: name });
    }
    return names;
  }

  /** The Preprocessor of every row added (DataError as Preprocessor.fit, naming file lines). */
  finish(): Preprocessor {
    const { options, source } = this;
    if (!this.names || this.rows === 0) throw new DataError(op, `${source} has no data rows (a header alone is not enough to train on)`, { source });
    const task = options.task ?? inferredTask(this.stats.get(options.target)!);
    const normalize = options.normalize ?? 'standard';
    const missing = options.missing ?? 'error';
    const forced = new Set(options.categorical ?? []);
    const checked = (column: string): ColumnStats => {
      const s = this.stats.get(column)!;
      if (s.missing > 0 && missing === 'error') {
        const where = s.firstMissing!;
        const more = s.missing > 1 ? ` (${s.missing.toLocaleString('en-US')} empty cells in this column in all)` : '';
        throw new DataError(op, `${locationText(where)} is empty${more}; backprop does not fill in missing values unless asked: fill them in, or choose what to do (--missing drop|mean)`, where);
      }
      if (s.missing === s.rows) throw new DataError(op, `column ${JSON.stringify(column)} is empty in every one of the ${s.rows} training rows of ${source}`, { source, column });
      return s;
    };
    const kindOf = (column: string, s: ColumnStats): 'numeric' | 'categorical' => {
      if (!s.firstText) return s.numbers > 0 ? 'numeric' : 'categorical';
      if (s.numbers * 2 < s.filled) return 'categorical';
      const { where, cell } = s.firstText;
      throw new DataError(op, `${locationText(where)}: expected a number (the column holds numbers in ${s.numbers} of ${s.filled} rows), got ${JSON.stringify(categoryOf(cell))}`, where);
    };
    const checkRange = (s: ColumnStats): void => {
      if (!s.firstTooLarge) return;
      const { where, cell } = s.firstTooLarge;
      const text = typeof cell === 'string' ? cell.trim() : String(cell);
      throw new DataError(op, `${locationText(where)}: ${text} is too large: networks compute in float32, whose values (inputs and targets, before and after scaling) must lie within ±3.4e38`, where);
    };
    const scaling = (s: ColumnStats): { center: number; scale: number } => {
      if (normalize === 'none') return { center: 0, scale: 1 };
      if (normalize === 'minmax') return { center: s.min, scale: s.max > s.min ? s.max - s.min : 1 };
      const sd = Math.sqrt(s.m2 / s.numbers);
      return { center: s.sum / s.numbers, scale: sd > 0 ? sd : 1 };
    };
    const categoriesOf = (column: string, s: ColumnStats): string[] => {
      if (s.tooManyCategories) {
        throw new DataError(op, `column ${JSON.stringify(column)} has more than ${MAX_CATEGORIES} distinct text values in ${source}: one-hot encoding it would add that many inputs; leave it out of the features, or check that it is not meant to be numeric`, { source, column });
      }
      return sortLabels(s.counts.keys());
    };
    const fills = missing !== 'error' && missing !== 'drop';
    const features: FeatureSpec[] = this.names.map((name) => {
      const s = checked(name);
      const kind = forced.has(name) ? 'categorical' : kindOf(name, s);
      if (kind === 'numeric') {
        checkRange(s);
        return { name, kind, ...scaling(s), ...(fills ? { fill: s.sum / s.numbers } : {}) };
      }
      const categories = categoriesOf(name, s);
      return { name, kind, categories, ...(fills ? { fill: modeOf(s.counts, categories) } : {}) };
    });
    const target = options.target;
    const t = checked(target);
    let targetSpec: PreprocessingJSON['target'];
    if (task === 'classification') {
      const classes = categoriesOf(target, t);
      if (classes.length < 2) {
        throw new DataError(op, `target ${JSON.stringify(target)} has a single class (${JSON.stringify(classes[0])}) in the ${t.rows} training rows of ${source}: there is nothing to tell apart`, { source, column: target });
      }
      targetSpec = { name: target, kind: 'classes', classes };
    } else {
      if (t.firstText && kindOf(target, t) !== 'numeric') {
        const { where, cell } = t.firstText;
        throw new DataError(op, `${locationText(where)}: a regression target must be a number, got ${JSON.stringify(categoryOf(cell))}`, where);
      }
      checkRange(t);
      targetSpec = { name: target, kind: 'numeric', ...scaling(t) };
    }
    return Preprocessor.fromJSON({
      format: PREPROCESSING_FORMAT,
      version: PREPROCESSING_VERSION,
      task,
      normalize,
      ...(missing !== 'error' ? { missing } : {}),
      features,
      target: targetSpec,
    });
  }
}

/** Fits a Preprocessor in one pass over streamed chunks (see StreamingPreprocessorFit). */
export async function fitPreprocessorStreaming(chunks: AsyncIterable<Table>, options: FitOptions): Promise<{ preprocessor: Preprocessor; rows: number; missing: Record<string, number> }> {
  const fit = new StreamingPreprocessorFit(options);
  for await (const chunk of chunks) fit.add(chunk);
  return { preprocessor: fit.finish(), rows: fit.rows, missing: fit.missingCounts() };
}
