/**
 * `@backprop/backends/node`: facts about the registered backends that only Node can give, such
 * as where a backend's package lies on disk (to run its own tests there, as gpu-check does).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBackend } from './choices.js';

/**
 * The folder holding the package.json of backend `name`'s package, resolved the way Node
 * resolves it from this package. Throws naming the backend when it is unknown or not installed.
 */
export function backendPackageDir(name: string): string {
  const entry = findBackend(name);
  if (!entry) throw new Error(`backendPackageDir: unknown backend '${name}'`);
  let file: string;
  try {
    file = fileURLToPath(import.meta.resolve(entry.packageName));
  } catch (error) {
    throw new Error(`backendPackageDir: ${entry.packageName} is not installed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === dirname(dir)) throw new Error(`backendPackageDir: no package.json above ${file}`);
  }
}
