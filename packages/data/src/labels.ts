/** The order of class names and categories: one rule for the in-memory and the streaming fit. */
import { numberOf } from './table.js';

/** Numbers in numeric order (−10 before −3 before 2.25 before 2.5) when every label is one; else text order, digits compared as numbers. */
export function sortLabels(labels: Iterable<string>): string[] {
  const list = [...labels];
  const numbers = list.map((label) => numberOf(label));
  if (numbers.every((n) => n !== undefined)) {
    const order = list.map((_, i) => i).sort((a, b) => numbers[a]! - numbers[b]! || (list[a]! < list[b]! ? -1 : 1));
    return order.map((i) => list[i]!);
  }
  return list.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
