import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';
import { mnistSlicePlugin } from './mnist-slice-plugin.ts';

export default defineConfig({
  plugins: [mnistSlicePlugin()],
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Builds the app once and serves it on 127.0.0.1 for the browser tests.
    globalSetup: ['e2e/support/global-setup.ts'],
    // One Chromium at a time: the machines that run this have two cores.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
