import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  // One test file at a time: each file starts its own Dawn device on SwiftShader, which spawns a
  // thread per core; two at once on a 2-core CI machine once lost a fork ("Worker exited unexpectedly").
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, setupFiles: ['src/test-support/vulkan-env.ts'], fileParallelism: false },
});
