import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['src/**/*.test.ts'],
    // The tests run the built CLI; this builds it (and the packages it imports) once.
    globalSetup: ['src/test-support/global-setup.ts'],
    // Each test starts real processes that train and time backends: one file at a time keeps
    // a 2-core machine from turning timing-based choices (auto, bench) into noise.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
