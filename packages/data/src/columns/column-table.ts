/**
 * A table stored by column (see ColumnData): what the CSV reader returns. It is a `Table` like
 * any other, so code written against rows keeps working, but its `rows` are built only when
 * asked for (one object per row: avoid at millions of rows); the pipeline reads the typed
 * columns. `pick` makes a view of some rows (the split's parts) without copying the table.
 */
import type { Cell, Table, TableRow } from '../table.js';
import { pickCells, textAt, type ColumnData, type ColumnSource } from './column-data.js';

export class ColumnTable implements Table, ColumnSource {
  readonly rowCount: number;
  private readonly picked = new Map<string, ColumnData>();
  private builtRows: TableRow[] | undefined;

  /**
   * @param stored each column's cells for the stored rows, by name (one per entry of `columns`)
   * @param index the stored rows this table shows, in order; all of them when omitted
   */
  constructor(
    readonly columns: readonly string[],
    private readonly stored: ReadonlyMap<string, ColumnData>,
    readonly source: string | undefined,
    readonly lines: Uint32Array | undefined,
    private readonly index?: Uint32Array,
  ) {
    this.rowCount = index ? index.length : (stored.values().next().value?.length ?? 0);
  }

  columnData(name: string): ColumnData | undefined {
    const base = this.stored.get(name);
    if (!base || !this.index) return base;
    let data = this.picked.get(name);
    if (!data) this.picked.set(name, (data = pickCells(base, this.index)));
    return data;
  }

  /** The rows as objects of text cells ('' for an empty cell), built on first use. */
  get rows(): readonly TableRow[] {
    if (this.builtRows) return this.builtRows;
    const columns = this.columns.map((name) => [name, this.columnData(name)!] as const);
    const rows = new Array<TableRow>(this.rowCount);
    for (let r = 0; r < this.rowCount; r++) {
      const row: Record<string, Cell> = {};
      for (const [name, data] of columns) row[name] = textAt(data, r);
      rows[r] = row;
    }
    return (this.builtRows = rows);
  }

  /** The rows at `indices` (of this table), in that order: a view sharing this table's columns. */
  pick(indices: ArrayLike<number>): ColumnTable {
    const n = indices.length;
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) index[i] = this.index ? this.index[indices[i]!]! : indices[i]!;
    let lines: Uint32Array | undefined;
    if (this.lines) {
      lines = new Uint32Array(n);
      for (let i = 0; i < n; i++) lines[i] = this.lines[indices[i]!]!;
    }
    return new ColumnTable(this.columns, this.stored, this.source, lines, index);
  }
}
