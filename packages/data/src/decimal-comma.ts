/** Numbers written with a decimal comma (`5,926`, `-0,5`, `1.234,5`), as in much of Europe. */

const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const GROUPED_DECIMAL_COMMA = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/;

/** Whether `cell` is a number written with a decimal comma. */
export function fromDecimalCommaPattern(cell: string): boolean {
  return DECIMAL_COMMA.test(cell) || GROUPED_DECIMAL_COMMA.test(cell);
}

/** `5,926` → `5.926`, `1.234,5` → `1234.5`; anything else unchanged. */
export function fromDecimalComma(cell: string): string {
  if (DECIMAL_COMMA.test(cell)) return cell.replace(',', '.');
  if (GROUPED_DECIMAL_COMMA.test(cell)) return cell.replace(/\./g, '').replace(',', '.');
  return cell;
}
