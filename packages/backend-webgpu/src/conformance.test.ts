// The shared suite on the WebGPU backend. On this machine kind that is Dawn on Chromium's
// SwiftShader (set up by src/test-support/vulkan-env.ts); expectEngine makes the suite fail
// unless the run really used the adapter kind it claims. Without an adapter the suite is
// skipped with the reason, except under CI=true, where that is a failure.
import { runConformance } from '@backprop/conformance';
import { createWebgpuBackend } from './index.js';
import { probeWebgpu } from './test-support/probe.js';

const probe = await probeWebgpu();

runConformance({
  name: `webgpu ${probe.engine ?? 'unavailable'}`,
  create: () => createWebgpuBackend(),
  ...(probe.engine ? { expectEngine: probe.engine } : { unavailable: probe.reason }),
});
