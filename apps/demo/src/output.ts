/**
 * Where a command's words go. The result goes to stdout: one JSON document with --json, else
 * text for people. Progress and commentary always go to stderr, so `--json | jq` never sees them.
 */
export interface Output {
  readonly json: boolean;
  /** Progress or commentary, one line, to stderr. */
  note(line: string): void;
  /** The command's result: `document` as JSON with --json, else `human` as text. */
  result(document: object, human: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    note(line) {
      process.stderr.write(line + '\n');
    },
    result(document, human) {
      process.stdout.write(json ? JSON.stringify(document, null, 2) + '\n' : human.endsWith('\n') ? human : human + '\n');
    },
  };
}

/** Left-aligned text columns, for tables in human output. */
export function formatColumns(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

export function percent(fraction: number | undefined): string {
  return fraction === undefined ? '-' : `${(fraction * 100).toFixed(2)}%`;
}

export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
