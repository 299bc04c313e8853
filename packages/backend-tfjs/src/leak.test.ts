import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createNetwork, evaluate, fit, OptimizerState, trainStep, type Matrix } from '@backprop/core';
import { WORKLOADS, workloadData } from '@backprop/conformance/bench';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { TEST_ENGINES } from './test-support/engines.js';

const STEPS = 1000;
const workload = WORKLOADS['mnist-like'];

/** Counts every way a tfjs tensor's data can come back to JS. */
function spyOnReadbacks(): () => number {
  const spies = (['data', 'dataSync', 'array', 'arraySync', 'bytes'] as const).map((name) => vi.spyOn(tf.Tensor.prototype, name));
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(TEST_ENGINES)('memory on the %s engine', (engine) => {
  it(`keeps tensors and handles flat over ${STEPS} mnist-like training steps, reading nothing back`, async () => {
    const backend = await createTfjsBackend({ engine });
    const network = createNetwork(backend, workload.network);
    const optimizer = new OptimizerState(network, workload.optimizer);
    const { x, y } = workloadData(workload, workload.batchSize * 4);
    // Four batches uploaded once: the steps cycle through them, as epochs would.
    const [xData, yData] = [Float64Array.from(x.data), Float64Array.from(y.data)];
    const batches = [0, 1, 2, 3].map((i) => {
      const rows = workload.batchSize;
      const xs = xData.subarray(i * rows * x.cols, (i + 1) * rows * x.cols);
      const ys = yData.subarray(i * rows * y.cols, (i + 1) * rows * y.cols);
      return { x: backend.fromArray(xs, rows, x.cols), y: backend.fromArray(ys, rows, y.cols) };
    });
    const step = (i: number): Matrix => {
      const batch = batches[i % batches.length]!;
      return trainStep(network, optimizer, batch.x, batch.y);
    };
    backend.dispose(step(0)); // the first step creates the optimizer's state
    const tensorsBefore = tf.memory().numTensors;
    const handlesBefore = backend.liveHandles();
    const readbacks = spyOnReadbacks();
    let lastLoss: Matrix | undefined;
    for (let i = 1; i <= STEPS; i++) {
      if (lastLoss) backend.dispose(lastLoss);
      lastLoss = step(i);
      if (i === 10 || i === STEPS) {
        // Counted with the one loss handle the caller holds.
        expect(tf.memory().numTensors, `tfjs tensors after step ${i}`).toBe(tensorsBefore + 1);
        expect(backend.liveHandles(), `live handles after step ${i}`).toBe(handlesBefore + 1);
      }
    }
    expect(readbacks(), 'reads of tensor data during training').toBe(0);
    // The loss went down: the steps trained, they did not just run.
    const first = createNetwork(backend, workload.network);
    const initial = backend.readSync!(first.gradients(batches[0]!.x, batches[0]!.y).loss)[0]!;
    expect(backend.readSync!(lastLoss!)[0]!).toBeLessThan(initial);
    vi.restoreAllMocks();
    backend.dispose(lastLoss!);
    for (const b of batches) {
      backend.dispose(b.x);
      backend.dispose(b.y);
    }
    optimizer.dispose();
    network.dispose();
    first.dispose();
  }, 300_000);

  it('leaves no tensor and no handle after fit, predict and evaluate', async () => {
    const backend = await createTfjsBackend({ engine });
    const tensorsBefore = tf.memory().numTensors;
    const network = createNetwork(backend, workload.network);
    const { x, y } = workloadData(workload, 256);
    const history = await fit(network, x, y, { epochs: 2, batchSize: 64, optimizer: workload.optimizer });
    expect(history.path).toBe('ops');
    expect(history.epochs[1]!.loss).toBeLessThan(history.epochs[0]!.loss);
    expect((await network.predict(x)).length).toBe(256);
    expect((await evaluate(network, x, y)).loss).toBeGreaterThan(0);
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 120_000);
});
