/** Small DOM helpers. */

/** The element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`the page has no ${kind.name} #${id}`);
  return element;
}

/** A new element with text and attributes. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

export function fillSelect(select: HTMLSelectElement, options: readonly { value: string; label: string; disabled?: boolean }[]): void {
  select.replaceChildren(...options.map((o) => Object.assign(make('option', o.label, { value: o.value }), { disabled: o.disabled ?? false })));
}

/** 12,345 or 1.23e-4: numbers as a person reads them. */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toString();
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
