/** The inspection of a table (per column type, empty cells, distinct values; warnings with fixes), as text for people. */
import type { TableInspection } from '@backprop/data';
import { formatColumns } from './output.js';

export function inspectionText(inspection: TableInspection): string[] {
  const table = formatColumns(
    [
      ['column', 'role', 'type', 'empty', 'distinct'],
      ...inspection.columns.map((c) => [c.name, c.role, c.type, c.missing.toLocaleString('en-US'), `${c.distinctCapped ? '≥' : ''}${c.distinct.toLocaleString('en-US')}`]),
    ],
    new Set([3, 4]),
  );
  return [
    `columns   ${inspection.rows.toLocaleString('en-US')} rows`,
    ...table.split('\n').map((l) => `          ${l}`),
    ...inspection.warnings.flatMap((w) => [`warning   ${w.message}`, `          fix: ${w.fix}`]),
  ];
}
