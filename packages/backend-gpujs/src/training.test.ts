/**
 * Training on headless GL keeps its data on the GPU: a step of the mnist-like workload
 * (784-128-64-10 ReLU/softmax, SGD) uploads its batch and downloads nothing, and 1,000 steps
 * leave the handle count and the GL context's live textures where they were.
 */
import { describe, expect, it } from 'vitest';
import { OptimizerState, createNetwork, fit, trainStep, type Matrix } from '@backprop/core';
import { WORKLOADS, workloadData } from '@backprop/conformance/bench';
import { createGpujsBackend, type GpujsBackend } from './index.js';

const workload = WORKLOADS['mnist-like'];
/** Batch 16 rather than the workload's 64 keeps 1,000 steps near 20 s on llvmpipe; the layers are the workload's. */
const BATCH = 16;
const STEPS = 1000;

function batchUploader(backend: GpujsBackend): (step: number) => { x: Matrix; y: Matrix } {
  const samples = 8 * BATCH;
  const data = workloadData(workload, samples);
  const x = Float64Array.from(data.x.data);
  const y = Float64Array.from(data.y.data);
  const inputs = workload.network.inputSize;
  const outputs = 10;
  return (step) => {
    const first = (step % 8) * BATCH;
    return {
      x: backend.fromArray(x.subarray(first * inputs, (first + BATCH) * inputs), BATCH, inputs),
      y: backend.fromArray(y.subarray(first * outputs, (first + BATCH) * outputs), BATCH, outputs),
    };
  };
}

describe('training the mnist-like workload on headless GL', () => {
  it('does no transfer in a step beyond the batch upload', () => {
    const backend = createGpujsBackend({ mode: 'headlessgl' });
    expect(backend.info.engine).toBe('headlessgl');
    const network = createNetwork(backend, workload.network);
    const optimizer = new OptimizerState(network, workload.optimizer);
    const nextBatch = batchUploader(backend);
    const step = (i: number): void => {
      const { x, y } = nextBatch(i);
      backend.dispose(trainStep(network, optimizer, x, y));
      backend.dispose(x);
      backend.dispose(y);
    };
    step(0); // compiles the kernels
    const before = backend.transfers();
    step(1);
    const after = backend.transfers();
    expect(after.uploads - before.uploads).toBe(2);
    expect(after.uploadedValues - before.uploadedValues).toBe(BATCH * (784 + 10));
    expect(after.downloads - before.downloads).toBe(0);
    expect(after.downloadedValues - before.downloadedValues).toBe(0);
    network.dispose();
    backend.close();
  });

  it('fit reads back one value per epoch, its divergence guard included (issue 8)', async () => {
    const backend = createGpujsBackend({ mode: 'headlessgl' });
    const network = createNetwork(backend, { inputSize: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'softmaxCrossEntropy', seed: 3 });
    const data = workloadData({ ...workload, network: { ...workload.network, inputSize: 4, layers: [{ units: 8 }, { units: 3, activation: 'softmax' }] } }, 64);
    const options = { batchSize: 8, optimizer: { kind: 'adam' as const, lr: 0.01 } };
    await fit(network, data.x, data.y, { ...options, epochs: 1 }); // compiles the kernels
    const before = backend.transfers();
    await fit(network, data.x, data.y, { ...options, epochs: 3 });
    const after = backend.transfers();
    // 8 batches an epoch: each epoch's loss sum comes back as one value, the guard's Σ(p·0) over the parameters riding on it.
    expect(after.downloads - before.downloads).toBe(3);
    expect(after.downloadedValues - before.downloadedValues).toBe(3);
    network.dispose();
    backend.close();
  });

  it(`leaks no handle and no texture across ${STEPS} steps, and the loss falls`, async () => {
    const backend = createGpujsBackend({ mode: 'headlessgl' });
    const network = createNetwork(backend, workload.network);
    const optimizer = new OptimizerState(network, workload.optimizer);
    const nextBatch = batchUploader(backend);
    const losses: number[] = [];
    const counts: { handles: number; glTextures: number | null }[] = [];
    for (let i = 0; i < STEPS; i++) {
      const { x, y } = nextBatch(i);
      const loss = trainStep(network, optimizer, x, y);
      if (i % 100 === 0 || i === STEPS - 1) losses.push((await backend.read(loss))[0]!);
      backend.dispose(loss);
      backend.dispose(x);
      backend.dispose(y);
      if (i === 10 || i === STEPS - 1) {
        const { handles, glTextures } = backend.memory();
        counts.push({ handles, glTextures });
      }
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0]!.glTextures).toBeGreaterThan(0);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    backend.close();
  }, 240_000);
});
