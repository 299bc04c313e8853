/** The confusion matrix as a table: rows are true classes, columns predicted, shaded by count. */
import { make } from './dom.js';

export function renderConfusion(table: HTMLTableElement, counts: Uint32Array, classes: number, heldOut: boolean): void {
  const caption = make('caption', `confusion matrix on the ${heldOut ? 'held-out' : 'training'} samples (rows: true digit, columns: predicted)`);
  const header = make('tr');
  header.append(make('th', 'true ↓ / predicted →'), ...Array.from({ length: classes }, (_, c) => make('th', String(c))));
  let largest = 1;
  counts.forEach((n) => (largest = Math.max(largest, n)));
  const rows = Array.from({ length: classes }, (_, t) => {
    const row = make('tr');
    row.append(make('th', String(t)));
    for (let p = 0; p < classes; p++) {
      const n = counts[t * classes + p]!;
      const cell = make('td', n === 0 ? '' : String(n));
      const shade = n / largest;
      cell.style.background = t === p ? `rgba(35, 139, 69, ${shade})` : `rgba(204, 51, 102, ${Math.min(1, shade * 3)})`;
      if (shade > 0.6) cell.style.color = '#fff';
      row.append(cell);
    }
    return row;
  });
  table.replaceChildren(caption, header, ...rows);
}
