/**
 * Checkpoint files (Node). Written atomically, as node.ts's writeFileAtomic: a temporary file in
 * the same folder, fsync, rename over the target, so that a kill at any instant leaves the
 * previous checkpoint whole. Temporary files that a killed write left beside it (named
 * `.<name>.<random>.tmp`) are removed before the next write: they were never checkpoints.
 *
 * No static node: import: fit (core's main entry, also for browsers) reaches this module, so
 * Node's modules are taken at run time (process.getBuiltinModule, or an import by a variable
 * name on Node < 20.16), and only when a checkpoint path is used.
 */
import type * as NodeFs from 'node:fs';
import type * as NodePath from 'node:path';
import { CheckpointFormatError } from './checkpoint-errors.js';

async function builtin<T>(id: string): Promise<T> {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (get) return get(id) as T;
  try {
    return (await import(/* @vite-ignore */ id)) as T;
  } catch {
    throw new CheckpointFormatError(`checkpoint files need Node (${id} is not available here)`, 'fit');
  }
}

async function nodeModules(): Promise<{ fs: typeof NodeFs.promises; path: typeof NodePath }> {
  const [fs, path] = await Promise.all([builtin<typeof NodeFs>('node:fs'), builtin<typeof NodePath>('node:path')]);
  return { fs: fs.promises, path };
}

/** Removes temporary files that a killed write of `target` left beside it, then writes `text` atomically. */
export async function writeCheckpointFile(target: string, text: string): Promise<void> {
  const { fs, path } = await nodeModules();
  const folder = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const left = (await fs.readdir(folder).catch(() => [] as string[])).filter((f) => f.startsWith(prefix) && f.endsWith('.tmp'));
  await Promise.all(left.map((f) => fs.rm(path.join(folder, f), { force: true })));
  await writeTextAtomic(target, text);
}

/**
 * Writes `text` (UTF-8) or bytes to `target` atomically: a temporary file `.<name>.<random>.tmp` in the same
 * folder, fsync, rename over the target. The one implementation: node.ts's writeFileAtomic
 * (models) and checkpoints both use it.
 */
export async function writeTextAtomic(target: string, text: string | Uint8Array): Promise<void> {
  const { fs, path } = await nodeModules();
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export async function readCheckpointFile(target: string): Promise<string> {
  const { fs } = await nodeModules();
  try {
    return await fs.readFile(target, 'utf8');
  } catch (e) {
    throw new CheckpointFormatError(`cannot read the checkpoint ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
