import { defaultClientConditions, defineConfig } from 'vite';
import { mnistSlicePlugin } from './mnist-slice-plugin.ts';

// Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, which threaded
// backends need; every resource of the app is same-origin, so nothing is blocked by it.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs: the built app works from any folder or path it is served from.
  base: './',
  // The `source` condition reads sibling packages' TypeScript, as the tests do: no package build needed.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  plugins: [mnistSlicePlugin()],
  worker: { format: 'es', plugins: () => [mnistSlicePlugin()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: isolation },
  preview: { headers: isolation, host: '127.0.0.1' },
});
