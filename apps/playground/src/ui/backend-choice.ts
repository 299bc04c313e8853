/** The backend pickers and the doctor table, filled from what the browser's doctor found. */
import type { VariantStatus } from '../backends/doctor.js';
import { byId, fillSelect, make } from './dom.js';

export const NO_SECOND_LANE = '';

export class BackendChoice {
  readonly first = byId('backend-a', HTMLSelectElement);
  readonly second = byId('backend-b', HTMLSelectElement);
  private readonly summary = byId('doctor-summary', HTMLElement);
  private readonly table = byId('doctor-table', HTMLTableElement);

  show(statuses: readonly VariantStatus[]): void {
    const working = statuses.filter((s) => s.ok);
    const options = statuses.map((s) => ({ value: s.id, label: s.ok ? s.id : `${s.id} (not here)`, disabled: !s.ok }));
    fillSelect(this.first, options);
    fillSelect(this.second, [{ value: NO_SECOND_LANE, label: 'none' }, ...options]);
    if (working[0]) this.first.value = working[0].id;
    this.summary.textContent = `${working.length} of ${statuses.length} backend variants work in this browser`;
    this.table.tBodies[0]!.replaceChildren(
      ...statuses.map((s) => {
        const row = make('tr', undefined, { class: s.ok ? 'available' : 'unavailable', 'data-variant': s.id });
        const detail = s.ok ? `engine ${s.engine ?? '?'}, ${s.precision ?? '?'} (${s.ms} ms to start and check)` : (s.reason ?? '');
        const cell = make('td', detail);
        // What a working backend cannot do: on hover, it is long.
        if (s.ok && s.limits?.length) cell.title = s.limits.join('\n');
        row.append(make('td', s.id), make('td', s.ok ? 'yes' : 'no'), cell);
        return row;
      }),
    );
  }

  progress(done: number, total: number): void {
    this.summary.textContent = `Checking which backends work in this browser… (${done} of ${total})`;
  }

  showFailure(text: string): void {
    this.summary.textContent = `the backend check failed: ${text}`;
  }
}
