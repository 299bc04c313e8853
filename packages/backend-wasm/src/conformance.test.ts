// The shared suite in both modes. expectEngine makes the suite fail unless the backend really
// ran in that mode: 'threads' cannot pass by quietly running on one thread.
import { runConformance } from '@backprop/conformance';
import { createWasmBackend } from './index.js';

runConformance({ name: 'wasm threads', create: () => createWasmBackend({ mode: 'threads', threads: 2 }), expectEngine: 'threads' });
runConformance({ name: 'wasm single', create: () => createWasmBackend({ mode: 'single' }), expectEngine: 'single' });
