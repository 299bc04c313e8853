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

// The WGSL primitives alone, with no elementwise and no fused dense forward: every composite
// runs on core's reference built from them, which holds each primitive kernel to every case
// (the ±Infinity derivative cases, the divergence sweep) on its own.
runConformance({
  name: `webgpu ${probe.engine ?? 'unavailable'}, primitives only`,
  create: async () => {
    const gpu = await createWebgpuBackend();
    return {
      info: { ...gpu.info, engine: `${gpu.info.engine}-primitives` },
      fromArray: (data, rows, cols) => gpu.fromArray(data, rows, cols),
      fill: (rows, cols, value) => gpu.fill(rows, cols, value),
      read: (m) => gpu.read(m),
      dispose: (m) => gpu.dispose(m),
      liveHandles: () => gpu.liveHandles(),
      matmul: (a, b, ta, tb) => gpu.matmul(a, b, ta, tb),
      unary: (op, a) => gpu.unary(op, a),
      binary: (op, a, b) => gpu.binary(op, a, b),
      binaryScalar: (op, a, s) => gpu.binaryScalar(op, a, s),
      reduce: (op, a, axis) => gpu.reduce(op, a, axis),
      close: () => gpu.close(),
    };
  },
  ...(probe.engine ? { expectEngine: `${probe.engine}-primitives` } : { unavailable: probe.reason }),
  // One dispatch per primitive on SwiftShader: its training cases took 12–60 s on a loaded 2-core
  // machine against the 120 s default; more room, so that load is not reported as a failure.
  timeoutScale: 3,
});
