/**
 * Every error of @backprop/data is a DataError: a BackpropError (so its message starts with the
 * operation) that also says where in the data it happened, when it knows: the source (a file
 * name, or "rows" for rows handed in from code), the line or row, and the column.
 */
import { BackpropError } from '@backprop/core';

export interface DataLocation {
  /** A file name, or a short label such as "rows" or "training rows". */
  readonly source?: string;
  /** 1-based line in the source file, when the rows came from a file. */
  readonly line?: number;
  /** 0-based index of the row in the table handed in. */
  readonly row?: number;
  readonly column?: string;
}

export class DataError extends BackpropError {
  override name = 'DataError';
  constructor(
    operation: string,
    detail: string,
    readonly location: DataLocation = {},
  ) {
    super(operation, detail);
  }
}
