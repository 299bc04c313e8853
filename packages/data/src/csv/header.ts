/**
 * What the in-memory and the streaming CSV readers decide the same way from a file's header:
 * its delimiter, whether its names are usable, and whether a row has as many fields.
 * Each check returns the problem in words (undefined when there is none); the reader throws it
 * as its own DataError, naming the file and line.
 */

const DELIMITERS = [',', ';', '\t', '|'];

/** The one of , ; tab | that the first non-blank line of `head` (the file's start, as text) uses most; ',' when none. */
export function guessDelimiter(head: string): string {
  const header = head.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = header.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** A header with an empty or repeated column name. */
export function headerProblem(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === '') return `the header's column ${i + 1} has no name`;
    if (seen.has(name)) return `the header names column ${JSON.stringify(name)} twice`;
    seen.add(name);
  }
  return undefined;
}

/** A row with another number of fields than the header has. */
export function raggedRowProblem(header: readonly string[], fields: number): string | undefined {
  if (fields === header.length) return undefined;
  return `expected ${header.length} fields like the header (${header.map((c) => JSON.stringify(c)).join(', ')}), got ${fields}: ragged row`;
}
