/** Where the packages the check runs live on disk, found through the backend registry. */
import { backendPackageDir } from '@backprop/backends/node';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** packages/backend-gpujs, as the registry resolves it. */
export function gpujsPackageDir(): string {
  return backendPackageDir('gpujs');
}

/** vitest's command-line script, resolved from backend-gpujs (its devDependency). */
export function vitestScript(): string {
  const require = createRequire(join(gpujsPackageDir(), 'package.json'));
  return join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}
