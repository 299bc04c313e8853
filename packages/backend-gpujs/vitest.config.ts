import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // Headless GL needs an X display: started here when DISPLAY is unset.
    globalSetup: ['src/test-support/xvfb-global-setup.ts'],
    // The `gl` addon loads once per process: worker threads fail on the second file, forks work.
    pool: 'forks',
  },
});
