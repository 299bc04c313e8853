import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ISOLATION_HEADERS, assertChromium } from './src/support/chromium.ts';

assertChromium();

export default defineConfig({
  test: {
    projects: [
      {
        // Node side: builds a tiny app with Vite for the browser and loads it in Chromium.
        ssr: { resolve: { conditions: sourceConditions } },
        test: { name: 'bundle', include: ['src/**/*.node.test.ts'], testTimeout: 180_000 },
      },
      {
        // Browser side: the conformance suite in real Chromium, one variant per file.
        // Browser tests read sibling sources too: the `source` condition, then Vite's browser defaults.
        resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
        server: { headers: { ...ISOLATION_HEADERS } },
        test: {
          name: 'chromium',
          include: ['src/**/*.browser.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser file at a time: SwiftShader renders on the CPU, and this machine has few cores.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] } }),
            instances: [{ browser: 'chromium' }],
            // A failed case's message carries both sides; page screenshots would only litter src/.
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
