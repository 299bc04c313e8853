// The matmul kernels side by side in one process, on the shapes a training step runs:
//   node bench/software-matmul.mjs [kernels: tiled,register] [sections: shapes,train] [rounds]
// shapes: GFLOP/s for square 64/256/512 and mnist-like's (batch 64, 784-128-64-10) forward X·W,
//   weight gradient Xᵀ·E and error propagation E·Wᵀ (median of `rounds`, one matmul per timing);
// train: mnist-like samples/s through core's fit() on 2,048 samples (median of `rounds`,
//   kernels interleaved), and dispatches per step.
// On a machine without a GPU this is SwiftShader: the CPU pretending to be a GPU.
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
if (!process.env.XDG_RUNTIME_DIR) {
  process.env.XDG_RUNTIME_DIR = join(tmpdir(), 'backprop-xdg-bench');
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });
}
const { createWebgpuBackend } = await import('../dist/index.js');

const kernels = (process.argv[2] ?? 'tiled,register').split(',');
const sections = (process.argv[3] ?? 'shapes,train').split(',');
const rounds = Number(process.argv[4] ?? 3);
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const backends = Object.fromEntries(await Promise.all(kernels.map(async (k) => [k, await createWebgpuBackend({ matmul: k })])));
console.log(`${Object.values(backends)[0].info.limits[0]}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// [label, A rows, A cols, B rows, B cols, transposeA, transposeB]
const SHAPES = [
  ['64³ NN', 64, 64, 64, 64, false, false],
  ['256³ NN', 256, 256, 256, 256, false, false],
  ['256³ TN', 256, 256, 256, 256, true, false],
  ['256³ NT', 256, 256, 256, 256, false, true],
  ['512³ NN', 512, 512, 512, 512, false, false],
  ['X·W 64×784·784×128', 64, 784, 784, 128, false, false],
  ['Xᵀ·E 784×64·64×128 (dW)', 64, 784, 64, 128, true, false],
  ['E·Wᵀ 64×128·128×784', 64, 128, 784, 128, false, true],
  ['A1ᵀ·E 128×64·64×64 (dW2)', 64, 128, 64, 64, true, false],
];

if (sections.includes('shapes')) {
  for (const [label, ar, ac, br, bc, tA, tB] of SHAPES) {
    const flops = 2 * (tA ? ac : ar) * (tA ? ar : ac) * (tB ? br : bc);
    const cells = [];
    for (const [k, gpu] of Object.entries(backends)) {
      const a = gpu.fill(ar, ac, 0.001);
      const b = gpu.fill(br, bc, 0.002);
      gpu.dispose(gpu.matmul(a, b, tA, tB));
      await gpu.finish();
      const times = [];
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        gpu.dispose(gpu.matmul(a, b, tA, tB));
        await gpu.finish();
        times.push((performance.now() - t) / 1000);
      }
      gpu.dispose(a);
      gpu.dispose(b);
      cells.push(`${k} ${(flops / median(times) / 1e9).toFixed(2)} (${(median(times) * 1000).toFixed(1)} ms)`);
    }
    console.log(`${label.padEnd(28)} GFLOP/s: ${cells.join('   ')}`);
  }
}

if (sections.includes('train')) {
  const { createNetwork, fit } = await import('../../core/dist/index.js');
  const { WORKLOADS, workloadData } = await import('../../conformance/dist/bench/index.js');
  const workload = WORKLOADS['mnist-like'];
  const { x, y } = workloadData(workload, 2048);
  const common = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
  const state = {};
  for (const [k, gpu] of Object.entries(backends)) {
    const network = createNetwork(gpu, workload.network);
    await fit(network, x, y, { ...common, epochs: 1 });
    state[k] = { network, rates: [], dispatches: gpu.memory().dispatches };
  }
  for (let r = 0; r < rounds; r++) {
    for (const [k, gpu] of Object.entries(backends)) {
      const s = state[k];
      const before = gpu.memory().dispatches;
      const t = performance.now();
      await fit(s.network, x, y, { ...common, epochs: 1 });
      s.rates.push(x.rows / ((performance.now() - t) / 1000));
      s.perStep = (gpu.memory().dispatches - before) / (x.rows / workload.batchSize);
    }
  }
  const cells = Object.entries(state).map(([k, s]) => `${k} ${Math.round(median(s.rates))} (${s.perStep.toFixed(0)} dispatches a step)`);
  console.log(`mnist-like samples/s (2,048 samples, median of ${rounds}): ${cells.join('   ')}`);
}
for (const gpu of Object.values(backends)) gpu.close();
