/** Training leaks nothing: live handles and bytes of linear memory in use stay flat over many steps. */
import { createNetwork, OptimizerState, trainStep, type Matrix } from '@backprop/core';
import { WORKLOADS, workloadData } from '@backprop/conformance/bench';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';

const STEPS = 300;
const workload = WORKLOADS['mnist-like'];

describe.each(['single', 'threads'] as const)('memory in %s mode', (mode) => {
  it(`keeps handles and bytes in use flat over ${STEPS} mnist-like training steps (Adam)`, async () => {
    const backend = await createWasmBackend({ mode, threads: 2, matmulThreshold: 1 });
    await backend.threadsReady();
    const network = createNetwork(backend, workload.network);
    const optimizer = new OptimizerState(network, workload.optimizer);
    const { x, y } = workloadData(workload, workload.batchSize * 4);
    const rows = workload.batchSize;
    const batches = [0, 1, 2, 3].map((i) => ({
      x: backend.fromArray(Float64Array.from(x.data).subarray(i * rows * x.cols, (i + 1) * rows * x.cols), rows, x.cols),
      y: backend.fromArray(Float64Array.from(y.data).subarray(i * rows * y.cols, (i + 1) * rows * y.cols), rows, y.cols),
    }));
    const step = (i: number): Matrix => trainStep(network, optimizer, batches[i % 4]!.x, batches[i % 4]!.y);
    backend.dispose(step(0)); // the first step creates the optimizer's state
    const handlesBefore = backend.liveHandles();
    const bytesBefore = backend.bytesInUse();
    let first: number | undefined;
    let last: Matrix | undefined;
    for (let i = 1; i <= STEPS; i++) {
      if (last) backend.dispose(last);
      last = step(i);
      first ??= backend.readSync(last)[0]!;
      if (i === 10 || i === STEPS) {
        // Counted with the one loss handle the caller holds.
        expect(backend.liveHandles(), `live handles after step ${i}`).toBe(handlesBefore + 1);
        expect(backend.bytesInUse(), `bytes in use after step ${i}`).toBe(bytesBefore + 64);
      }
    }
    // It trained, it did not just run.
    expect(backend.readSync(last!)[0]!).toBeLessThan(first!);
    backend.dispose(last!);
    for (const b of batches) {
      backend.dispose(b.x);
      backend.dispose(b.y);
    }
    optimizer.dispose();
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    expect(backend.bytesInUse()).toBe(0);
    backend.close();
  });
});
