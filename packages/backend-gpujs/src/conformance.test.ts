// The shared suite, in each mode that runs in Node. expectEngine makes the suite fail unless the
// backend really ran in that mode: headlessgl can never pass by quietly falling back to the CPU.
import { runConformance } from '@backprop/conformance';
import { createGpujsBackend } from './index.js';
import { MODES_UNDER_TEST } from './test-support/modes-under-test.js';

for (const mode of MODES_UNDER_TEST) {
  runConformance({ name: `gpujs ${mode}`, create: () => createGpujsBackend({ mode }), expectEngine: mode });
}
