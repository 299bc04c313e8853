/** Writing a report file in Node: atomically (a temporary file renamed), so a reader never sees half of one. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `text` to `path` (relative to the working directory), creating folders as needed. */
export function writeTextFile(path: string, text: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return Promise.resolve();
}
