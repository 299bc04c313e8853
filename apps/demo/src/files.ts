/**
 * Output files, checked before any work starts, so a typo costs no training time: the path must
 * not be a folder, every existing folder above it must be a folder (not a file) that can be
 * written in, and missing folders are made. Every problem is an exit-code-3 error naming the path.
 */
import { accessSync, closeSync, constants, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError } from './errors.js';

function kindOf(path: string): 'missing' | 'folder' | 'file' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Checks that `path` can be written as a file (see the file comment) and creates the missing
 * folders above it, one level at a time. (Node's recursive mkdirSync spins forever under /proc,
 * so the recursion is done here.) `what` names the file in messages ("model", "chart"); `example` is a file name for the hint.
 */
export function ensureParentDirectory(path: string, what = 'output', example = 'output.json'): void {
  if (kindOf(path) === 'folder') throw inputError(`the ${what} path ${path} is a folder, not a file`, `give a file name inside it, e.g. ${join(path, example)}`);
  const missing: string[] = [];
  let dir = dirname(path);
  for (; kindOf(dir) === 'missing' && dirname(dir) !== dir; dir = dirname(dir)) missing.unshift(dir);
  if (kindOf(dir) === 'file') throw inputError(`cannot write the ${what} ${path}: ${dir} is a file, not a folder`, 'choose another path');
  if (missing.length === 0) {
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw inputError(`cannot write the ${what} ${path}: the folder ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'choose another path');
    }
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw inputError(`cannot write the ${what} ${path}: its folder ${dirname(path)} does not exist and ${folder} cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'create the folder first, or choose another path');
    }
  }
}

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then renamed over it, so
 * a reader never sees half a file and a failure leaves the old file as it was.
 */
export function writeFileAtomic(path: string, text: string): void {
  writeFileAtomicInParts(path, [text]);
}

/** Writes every byte (a write may take fewer than asked). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * writeFileAtomic for text made a part at a time (millions of predictions): each part is
 * written to the temporary file as it comes, so the whole text is never in memory at once.
 */
export function writeFileAtomicInParts(path: string, parts: Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    for (const part of parts) writeAll(fd, Buffer.from(part));
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    // Only the file system's errors are the user's to fix (a full disk, a read-only folder).
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw inputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
