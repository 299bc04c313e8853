/**
 * Checkpoint files on Node: written atomically (node.ts writeFileAtomic: a temporary file in
 * the same folder, fsync, rename over the target), so that a kill at any instant leaves the
 * previous checkpoint whole. fit loads this module only when a checkpoint path is given, so
 * that core's main entry stays free of node: imports.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../node.js';
import { CheckpointFormatError } from './checkpoint-errors.js';

export async function writeCheckpointFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}

export async function readCheckpointFile(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new CheckpointFormatError(`cannot read the checkpoint ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
