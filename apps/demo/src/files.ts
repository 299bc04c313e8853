/** Output files: their folders are made before any work starts, so a typo costs no training time. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inputError } from './errors.js';

/**
 * Creates the missing folders above `path`, one level at a time. (Node's recursive mkdirSync
 * spins forever under /proc, so the recursion is done here.)
 */
export function ensureParentDirectory(path: string): void {
  const missing: string[] = [];
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      throw inputError(`cannot create the folder ${dir} for ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}
