/**
 * Host-side data: what users hand to fit, predict and evaluate. Either an array of rows
 * (number[][]) or a flat row-major matrix { data, rows, cols }. Everything is validated once,
 * here, with messages that name the row and column of a bad value.
 */
import type { Precision } from './backend.js';
import { BackpropError, describeValue } from './errors.js';
import { largestFiniteText, overflowLimit } from './precision.js';

export interface DataMatrix {
  readonly data: Float32Array | Float64Array | readonly number[];
  readonly rows: number;
  readonly cols: number;
}

export type DataInput = readonly (readonly number[])[] | DataMatrix;

function isDataMatrix(x: unknown): x is DataMatrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

/**
 * Validates `input` and returns it as a flat Float64Array matrix. With `precision` (the
 * backend's), a value that would become ±Infinity when stored at it (float32: magnitude beyond
 * 3.4028235e38) is refused, naming its row and column.
 */
export function toDataMatrix(
  op: string,
  what: string,
  input: unknown,
  expectedCols?: number,
  precision?: Precision,
): { data: Float64Array; rows: number; cols: number } {
  const limit = overflowLimit(precision ?? 'float64');
  const checkRange = (v: number, r: number, c: number): void => {
    if (!(v < limit && v > -limit)) throw beyondPrecision(op, `${what} row ${r}, column ${c}`, v, precision!);
  };
  let rows: number;
  let cols: number;
  let data: Float64Array;
  if (Array.isArray(input)) {
    rows = input.length;
    if (rows === 0) throw new BackpropError(op, `${what} must have at least one row, got an empty array`);
    const first: unknown = input[0];
    if (!Array.isArray(first)) throw new BackpropError(op, `${what} must be an array of rows (number[][]), got row 0 as ${describeValue(first)}`);
    cols = first.length;
    if (cols === 0) throw new BackpropError(op, `${what} rows must not be empty`);
    data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row: unknown = input[r];
      if (!Array.isArray(row)) throw new BackpropError(op, `${what} row ${r} must be an array, got ${describeValue(row)}`);
      if (row.length !== cols) throw new BackpropError(op, `${what} rows must all have ${cols} values, row ${r} has ${row.length}`);
      for (let c = 0; c < cols; c++) {
        const v: unknown = row[c];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new BackpropError(op, `${what} row ${r}, column ${c} must be a finite number, got ${describeValue(v)}`);
        }
        checkRange(v, r, c);
        data[r * cols + c] = v;
      }
    }
  } else if (isDataMatrix(input)) {
    ({ rows, cols } = input);
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
      throw new BackpropError(op, `${what} rows and cols must be positive integers, got ${describeValue(rows)} and ${describeValue(cols)}`);
    }
    const src = input.data as ArrayLike<unknown>;
    if (src === null || typeof src !== 'object' || typeof src.length !== 'number') {
      throw new BackpropError(op, `${what}.data must be an array or typed array, got ${describeValue(src)}`);
    }
    if (src.length !== rows * cols) {
      throw new BackpropError(op, `${what} must hold ${rows}×${cols} = ${rows * cols} values, got ${src.length}`);
    }
    data = new Float64Array(rows * cols);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new BackpropError(op, `${what} row ${Math.floor(i / cols)}, column ${i % cols} must be a finite number, got ${describeValue(v)}`);
      }
      checkRange(v, Math.floor(i / cols), i % cols);
      data[i] = v;
    }
  } else {
    throw new BackpropError(op, `${what} must be number[][] or { data, rows, cols }, got ${describeValue(input)}`);
  }
  if (expectedCols !== undefined && cols !== expectedCols) {
    throw new BackpropError(op, `${what} must have ${expectedCols} columns, got ${cols}`);
  }
  return { data, rows, cols };
}

/** The refusal of a value that a backend of `precision` would store as ±Infinity. */
export function beyondPrecision(op: string, where: string, v: number, precision: Precision): BackpropError {
  return new BackpropError(
    op,
    `${where} is ${String(v)}, beyond ${precision} (largest finite magnitude ${largestFiniteText(precision)}): it would become ${v > 0 ? '' : '-'}Infinity on this backend; scale the data down`,
  );
}

/** Copies the given rows of `src` (in order) into `out`, row-major. */
export function gatherRows<T extends Float32Array | Float64Array>(src: T, cols: number, indices: ArrayLike<number>, start: number, count: number, out: T): void {
  for (let i = 0; i < count; i++) {
    const from = indices[start + i]! * cols;
    out.set(src.subarray(from, from + cols), i * cols);
  }
}
