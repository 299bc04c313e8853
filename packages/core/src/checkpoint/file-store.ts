/**
 * Checkpoint files on Node: written atomically (node.ts writeFileAtomic: a temporary file in
 * the same folder, fsync, rename over the target), so that a kill at any instant leaves the
 * previous checkpoint whole. fit loads this module only when a checkpoint path is given, so
 * that core's main entry stays free of node: imports.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../node.js';
import { CheckpointFormatError } from './checkpoint-errors.js';

/**
 * Writes a checkpoint atomically. Temporary files that a killed process left beside it (named
 * `.<name>.<random>.tmp` by writeFileAtomic) are removed first: they were never checkpoints.
 */
export async function writeCheckpointFile(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  const left = (await fs.readdir(folder).catch(() => [] as string[])).filter((f) => f.startsWith(prefix) && f.endsWith('.tmp'));
  await Promise.all(left.map((f) => fs.rm(join(folder, f), { force: true })));
  await writeFileAtomic(path, text);
}

export async function readCheckpointFile(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new CheckpointFormatError(`cannot read the checkpoint ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
