// The child run of modes.test.ts (started with cwd = the package): no Xvfb global setup, only
// the no-display checks. The source conditions are those of vitest.shared.ts, repeated here
// because this file sits under src/, whose TypeScript project cannot import from outside it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: { include: ['src/test-support/no-display.check.ts'], pool: 'forks' },
});
