import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, setupFiles: ['src/test-support/vulkan-env.ts'] },
});
