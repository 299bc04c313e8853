/**
 * Training leaks nothing on the GPU: live handles and GPU buffers (in use + pooled) stay flat
 * over 10,000 training steps of the xor network (Adam, so optimizer state is exercised too),
 * with no readback in between, as fit runs an epoch.
 */
import { createNetwork, OptimizerState, trainStep, type Matrix } from '@backprop/core';
import { WORKLOADS, workloadData } from '@backprop/conformance/bench';
import { describe, expect, it } from 'vitest';
import { createWebgpuBackend } from './index.js';
import { probeWebgpu } from './test-support/probe.js';

const STEPS = 10_000;
const workload = WORKLOADS.xor;
const probe = await probeWebgpu();

describe('GPU memory over training', () => {
  it.skipIf(!probe.engine)(`keeps live handles and GPU buffers flat over ${STEPS} xor training steps (Adam)${probe.engine ? '' : ` (skipped: ${probe.reason})`}`, { timeout: 300_000 }, async () => {
    const backend = await createWebgpuBackend();
    const network = createNetwork(backend, workload.network);
    const optimizer = new OptimizerState(network, { kind: 'adam', lr: 0.05 });
    const { x, y } = workloadData(workload, 4);
    const xs = backend.fromArray(x.data, x.rows, x.cols);
    const ys = backend.fromArray(y.data, y.rows, y.cols);
    const first = trainStep(network, optimizer, xs, ys); // creates the optimizer's state
    const firstLoss = (await backend.read(first))[0]!;
    backend.dispose(first);
    const handlesBefore = backend.liveHandles();
    let buffersAt10 = 0;
    let last: Matrix | undefined;
    for (let i = 1; i <= STEPS; i++) {
      if (last) backend.dispose(last);
      last = trainStep(network, optimizer, xs, ys);
      if (i === 10) buffersAt10 = backend.memory().buffers;
      if (i === 10 || i === STEPS) expect(backend.liveHandles(), `live handles after step ${i}`).toBe(handlesBefore + 1);
    }
    const lastLoss = (await backend.read(last!))[0]!;
    expect(backend.memory().buffers, 'GPU buffers (in use + pooled) after the last step').toBe(buffersAt10);
    // It trained, it did not just run: xor is learnt.
    expect(lastLoss).toBeLessThan(firstLoss / 10);
    backend.dispose(last!);
    backend.dispose(xs);
    backend.dispose(ys);
    optimizer.dispose();
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    backend.close();
  });
});
