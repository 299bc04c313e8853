/**
 * A look at a table before training: per column its inferred type, empty cells and distinct
 * values, and warnings, each with its fix, for what quietly spoils a model: an id column used
 * as a feature, numbers written with a decimal comma (read as text), a categorical column of
 * very many values, a constant column, empty cells, and a rare class.
 */
import { scanColumn } from './infer.js';
import { fromDecimalCommaPattern } from './decimal-comma.js';
import { asDictionary, codeCounts, columnOf, entryNumbers, isEmptyAt, textAt, type ColumnData } from './columns/column-data.js';
import { locate, rowCount, type Table } from './table.js';
import type { Task } from './schema.js';

export interface ColumnProfile {
  readonly name: string;
  /** 'numeric' when at least half the filled cells hold numbers; 'empty' when no cell is filled. */
  readonly type: 'numeric' | 'categorical' | 'empty';
  readonly role: 'feature' | 'target' | 'unused';
  /** Empty cells. */
  readonly missing: number;
  /** Distinct filled values, counted up to DISTINCT_LIMIT (then `distinctCapped`). */
  readonly distinct: number;
  readonly distinctCapped: boolean;
  /** File line (or 1-based row) of the first empty cell; null when none. */
  readonly firstMissingLine: number | null;
}

export type WarningKind = 'id-like' | 'decimal-comma' | 'high-cardinality' | 'constant' | 'missing' | 'class-imbalance';

export interface TableWarning {
  readonly kind: WarningKind;
  readonly column: string;
  /** What was found, in words. */
  readonly message: string;
  /** What to do about it, in words (CLI flags named). */
  readonly fix: string;
}

export interface TableInspection {
  readonly rows: number;
  readonly columns: ColumnProfile[];
  readonly warnings: TableWarning[];
  /** Rows per class of a classification target, largest first. */
  readonly classCounts?: readonly { readonly class: string; readonly rows: number }[];
}

export interface InspectOptions {
  readonly target: string;
  /** Default: every column but the target. */
  readonly features?: readonly string[];
  readonly task?: Task;
}

/** Distinct values are counted up to this many (an id column of millions of rows would otherwise hold them all). */
export const DISTINCT_LIMIT = 100_000;
/** A categorical feature with more values than this is warned about. */
export const HIGH_CARDINALITY = 20;
/** A class with fewer rows than this share of the largest class is warned about. */
export const IMBALANCE_RATIO = 0.1;

/** Distinct numbers of a column: from its dictionary when it has one (each text once), else by sorting. */
function distinctNumbers(column: ColumnData, numbers: Float64Array): number {
  if (column.kind === 'dictionary') {
    const counts = codeCounts(column);
    const entries = entryNumbers(column);
    const seen = new Set<number>();
    for (let code = 1; code < counts.length; code++) if (counts[code]! > 0 && !Number.isNaN(entries[code]!)) seen.add(entries[code]!);
    return seen.size;
  }
  const sorted = numbers.filter((v) => !Number.isNaN(v)).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** Whole numbers, one per row, forming a run (1, 2, 3, … in any order): a row number. */
function isRowNumbering(numbers: Float64Array, filled: number, distinct: number): boolean {
  if (distinct !== filled || filled < 20) return false;
  let min = Infinity;
  let max = -Infinity;
  for (const v of numbers) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min + 1 === filled;
}

/** The text of the column's first filled cell ('' when none is). */
function firstFilledText(table: Table, name: string): string {
  const column = columnOf(table, name);
  for (let r = 0; r < column.length; r++) if (!isEmptyAt(column, r)) return textAt(column, r);
  return '';
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Profiles every column of `table` and lists what looks wrong (linear in the cells). */
export function inspectTable(table: Table, options: InspectOptions): TableInspection {
  const { target } = options;
  const features = new Set(options.features ?? table.columns.filter((c) => c !== target));
  const rows = rowCount(table);
  const warnings: TableWarning[] = [];
  const columns = table.columns.map((name): ColumnProfile => {
    const role = name === target ? 'target' : features.has(name) ? 'feature' : 'unused';
    const scan = scanColumn(table, name);
    const filled = rows - scan.missingCount;
    const firstMissingLine = scan.firstMissing < 0 ? null : (locate(table, scan.firstMissing).line ?? scan.firstMissing + 1);
    const type: ColumnProfile['type'] = filled === 0 ? 'empty' : scan.numberCount * 2 >= filled ? 'numeric' : 'categorical';
    let distinct: number;
    let capped = false;
    let commaNumbers = 0;
    if (type === 'numeric') distinct = distinctNumbers(columnOf(table, name), scan.numbers);
    else {
      const column = columnOf(table, name);
      const dictionary = asDictionary(column, DISTINCT_LIMIT);
      if (dictionary) {
        // Each distinct text once, weighted by its rows.
        const counts = codeCounts(dictionary);
        distinct = 0;
        for (let code = 1; code < counts.length; code++) {
          if (counts[code] === 0) continue;
          if (fromDecimalCommaPattern(dictionary.names[code]!)) commaNumbers += counts[code]!;
          distinct++;
        }
      } else {
        distinct = DISTINCT_LIMIT;
        capped = true;
        for (let r = 0; r < column.length; r++) if (fromDecimalCommaPattern(textAt(column, r))) commaNumbers++;
      }
    }
    const profile = { name, type, role, missing: scan.missingCount, distinct, distinctCapped: capped, firstMissingLine } as const;
    if (role === 'unused') return profile;
    const quoted = JSON.stringify(name);
    if (scan.missingCount > 0) {
      warnings.push({
        kind: 'missing',
        column: name,
        message: `column ${quoted} has ${plural(scan.missingCount, 'empty cell')} (the first on ${table.lines ? 'line' : 'row'} ${firstMissingLine})`,
        fix: role === 'target' ? 'rows without a target cannot be trained on: --missing drop (or any other mode) leaves them out' : 'fill them in, or --missing drop|mean|median|mode',
      });
    }
    if (role === 'target') return profile;
    if (filled > 0 && commaNumbers * 10 >= filled * 9) {
      warnings.push({
        kind: 'decimal-comma',
        column: name,
        message: `column ${quoted} holds numbers written with a decimal comma (${commaNumbers.toLocaleString('en-US')} of ${filled.toLocaleString('en-US')} cells, like ${JSON.stringify(firstFilledText(table, name))}): read as text, each value becomes a category`,
        fix: 'read them as numbers with --decimal-comma',
      });
    } else if (filled >= 20 && (capped || (distinct === filled && type === 'categorical') || (type === 'numeric' && isRowNumbering(scan.numbers, filled, distinct)))) {
      warnings.push({ kind: 'id-like', column: name, message: `column ${quoted} has a different value in every row: an id, which cannot help predict new rows`, fix: `leave it out: --features with the other columns` });
    } else if (type === 'categorical' && distinct > HIGH_CARDINALITY) {
      warnings.push({ kind: 'high-cardinality', column: name, message: `column ${quoted} has ${plural(distinct, 'distinct value')}: one-hot encoding gives as many inputs, most seen in few rows`, fix: 'leave it out (--features), or group its rare values into one before training' });
    }
    if (filled > 1 && distinct === 1) {
      warnings.push({ kind: 'constant', column: name, message: `column ${quoted} has the same value in every filled row: it carries no information`, fix: 'leave it out: --features with the other columns' });
    }
    return profile;
  });
  let classCounts: { class: string; rows: number }[] | undefined;
  if (options.task === 'classification' && table.columns.includes(target)) {
    const dictionary = asDictionary(columnOf(table, target), DISTINCT_LIMIT);
    const perCode = dictionary ? codeCounts(dictionary) : new Uint32Array(0);
    const counts = new Map<string, number>();
    for (let code = 1; code < perCode.length; code++) if (perCode[code]! > 0) counts.set(dictionary!.names[code]!, perCode[code]!);
    classCounts = [...counts].map(([c, n]) => ({ class: c, rows: n })).sort((a, b) => b.rows - a.rows || a.class.localeCompare(b.class));
    const largest = classCounts[0];
    if (largest) {
      for (const c of classCounts) {
        if (c.rows < largest.rows * IMBALANCE_RATIO) {
          warnings.push({
            kind: 'class-imbalance',
            column: target,
            message: `class ${JSON.stringify(c.class)} has ${plural(c.rows, 'row')}, ${((c.rows / largest.rows) * 100).toFixed(1)}% of the largest (${JSON.stringify(largest.class)}, ${largest.rows.toLocaleString('en-US')}): accuracy can look good while it is always missed`,
            fix: "read its recall and F1 in the per-class table, not only the accuracy; more rows of it help most",
          });
        }
      }
    }
  }
  return { rows, columns, warnings, ...(classCounts ? { classCounts } : {}) };
}
