/**
 * A seeded held-out split of a streamed file, decided row by row without a first pass: a row
 * goes to the held-out (test) part when a hash of (seed, its file line) falls below the
 * fraction. So the split is seeded, the same in every pass over the file (fitting, each epoch,
 * evaluation), and does not depend on how the file is chunked. It is stratified in expectation,
 * not exactly: every class (every row) has the same chance, so each class's held-out share is
 * the fraction up to binomial noise (1,000 rows of a class at 0.2: 200 ± 13 held out). The
 * in-memory split (split.ts) is exactly stratified but needs every row's class first.
 */
import { DataError } from '../errors.js';
import { pickRows } from '../split.js';
import { rowCount, type Table } from '../table.js';

export interface HeldOutSplit {
  /** Fraction of rows held out, in (0, 1). */
  readonly testFraction: number;
  /** An integer. */
  readonly seed: number;
}

export function checkHeldOutSplit(split: HeldOutSplit): void {
  if (!(split.testFraction > 0 && split.testFraction < 1)) throw new DataError('heldOutSplit', `testFraction must be in (0, 1), got ${split.testFraction}`);
  if (!Number.isInteger(split.seed)) throw new DataError('heldOutSplit', `seed must be an integer, got ${split.seed}`);
}

/** murmur3's 32-bit finalizer over (seed, line): a uniform 32-bit value. */
function hash(seed: number, line: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ line) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether the row on file line `line` is held out. */
export function isHeldOut(line: number, split: HeldOutSplit): boolean {
  return hash(split.seed, line) < split.testFraction * 4294967296;
}

/** The rows of a chunk in one part of the split (file order kept), with their lines. */
export function partOf(table: Table, split: HeldOutSplit, part: 'train' | 'test'): Table {
  const lines = table.lines;
  if (!lines) throw new DataError('heldOutSplit', `${table.source ?? 'rows'}: a streamed split needs the rows' file lines`);
  const n = rowCount(table);
  const kept = new Uint32Array(n);
  let k = 0;
  const test = part === 'test';
  for (let r = 0; r < n; r++) if (isHeldOut(lines[r]!, split) === test) kept[k++] = r;
  return pickRows(table, kept.subarray(0, k));
}
