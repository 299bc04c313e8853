/** Where the packages the check runs live on disk, found the way Node resolves them from the demo. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the package.json of the package that `file` belongs to. */
function packageRootOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`gpu-check: no package.json above ${file}`);
    dir = up;
  }
  return dir;
}

/** packages/backend-gpujs, as the demo resolves it. */
export function gpujsPackageDir(): string {
  return packageRootOf(fileURLToPath(import.meta.resolve('@backprop/backend-gpujs')));
}

/** vitest's command-line script, resolved from backend-gpujs (its devDependency). */
export function vitestScript(): string {
  const require = createRequire(join(gpujsPackageDir(), 'package.json'));
  return join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}
