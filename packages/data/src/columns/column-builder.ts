/**
 * One column of a table read from text, stored as it is read: each cell's text dictionary-encoded
 * (a code of 1 byte a cell while the column has at most 256 distinct texts, then 2 bytes, up to
 * MAX_DICTIONARY), so a column of categories, or of numbers drawn from few values, costs 1–2
 * bytes a row instead of a string per cell. A column with more distinct texts than that (real
 * measurements, ids) turns into numbers (8 bytes a row) and keeps its other cells' texts beside.
 * Code 0 is always the empty cell.
 */
import type { ColumnData } from './column-data.js';
import { numberOf } from '../table.js';

/** Distinct texts a column keeps as a dictionary before it switches to numbers (2-byte codes). */
export const MAX_DICTIONARY = 65536;

type Codes = Uint8Array | Uint16Array;

export class ColumnBuilder {
  /**
   * @param maxDictionary distinct texts kept as a dictionary before the column turns into
   *   numbers (at most MAX_DICTIONARY): a small chunk of a streamed file uses a few hundred, as
   *   a dictionary of mostly distinct numbers costs a map insertion per cell for nothing.
   */
  constructor(private readonly maxDictionary = MAX_DICTIONARY) {}

  private length = 0;
  private codes: Codes | undefined = new Uint8Array(1024);
  private dictionary: Map<string, number> | undefined = new Map([['', 0]]);
  private names: string[] | undefined = [''];
  private numbers: Float64Array | undefined;
  private texts: (string | undefined)[] | undefined;

  /** Appends one cell, already trimmed ('' for an empty cell). */
  push(text: string): void {
    const row = this.length++;
    const dictionary = this.dictionary;
    if (dictionary !== undefined) {
      let code = dictionary.get(text);
      if (code === undefined) {
        code = dictionary.size;
        if (code === this.maxDictionary) {
          this.toValues();
          this.pushValue(row, text);
          return;
        }
        dictionary.set(text, code);
        this.names!.push(text);
        if (code === 256 && this.codes instanceof Uint8Array) this.codes = widen(this.codes, this.codes.length);
      }
      let codes = this.codes!;
      if (row === codes.length) codes = this.codes = grow(codes);
      codes[row] = code;
      return;
    }
    this.pushValue(row, text);
  }

  /** The finished column: its arrays trimmed to the rows read. */
  finish(): ColumnData {
    const length = this.length;
    if (this.codes !== undefined) return { kind: 'dictionary', length, codes: this.codes.slice(0, length), names: this.names! };
    return { kind: 'values', length, numbers: this.numbers!.slice(0, length), ...(this.texts ? { texts: this.texts.slice(0, length) } : {}) };
  }

  private pushValue(row: number, text: string): void {
    let numbers = this.numbers!;
    if (row === numbers.length) numbers = this.numbers = growFloat(numbers);
    const value = numberOf(text);
    if (value !== undefined) {
      numbers[row] = value;
      return;
    }
    numbers[row] = NaN;
    if (text === '') return;
    // A sparse array: only the cells that are text hold an element.
    this.texts ??= [];
    this.texts[row] = text;
  }

  /** From dictionary codes to numbers and texts, for the rows read so far. */
  private toValues(): void {
    const names = this.names!;
    const codes = this.codes!;
    const numbers = new Float64Array(Math.max(1024, codes.length));
    const entry = Float64Array.from(names, (name) => numberOf(name) ?? NaN);
    let texts: (string | undefined)[] | undefined;
    for (let r = 0; r < this.length - 1; r++) {
      const code = codes[r]!;
      const value = entry[code]!;
      numbers[r] = value;
      if (Number.isNaN(value) && code !== 0) (texts ??= [])[r] = names[code];
    }
    this.numbers = numbers;
    this.texts = texts;
    this.codes = undefined;
    this.dictionary = undefined;
    this.names = undefined;
  }
}

function widen(codes: Uint8Array, capacity: number): Uint16Array {
  const wide = new Uint16Array(capacity);
  wide.set(codes);
  return wide;
}

function grow(codes: Codes): Codes {
  const bigger = codes instanceof Uint8Array ? new Uint8Array(codes.length * 2) : new Uint16Array(codes.length * 2);
  bigger.set(codes);
  return bigger;
}

function growFloat(numbers: Float64Array): Float64Array {
  const bigger = new Float64Array(numbers.length * 2);
  bigger.set(numbers);
  return bigger;
}
