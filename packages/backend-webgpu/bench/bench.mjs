// Figures for the README, from the built packages (run `pnpm --filter @backprop/backend-webgpu bench`):
//   1. per-op cost: µs for a 1×1 add and a 64×64 matmul, recorded in batches and timed to the
//      device finishing (median of 5 batches);
//   2. matmul GFLOP/s at 256, 512, 1024 for all four transpose cases (median of runs);
//   3. training samples/s on the four shared workloads through core's fit(), beside backend-wasm
//      (single thread and threads) in the same process, interleaved.
// On a machine without a GPU this is Dawn on Chromium's SwiftShader: the CPU pretending to be a
// GPU, where a figure counts dispatches, not GPU FLOPs. Args: [sections: ops,matmul,train] [rounds]
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
if (!process.env.XDG_RUNTIME_DIR) {
  process.env.XDG_RUNTIME_DIR = join(tmpdir(), 'backprop-xdg-bench');
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });
}

const { createWebgpuBackend } = await import('../dist/index.js');
const { createNetwork, fit } = await import('../../core/dist/index.js');
const { WORKLOADS, workloadData } = await import('../../conformance/dist/bench/index.js');

const sections = (process.argv[2] ?? 'ops,matmul,train').split(',');
const rounds = Number(process.argv[3] ?? 3);
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const gpu = await createWebgpuBackend();
console.log(`backend-webgpu on ${gpu.info.limits[0]}`);
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);

async function perOp(label, make, inputs, batch) {
  // Warm-up compiles the pipeline and fills the pool.
  for (let i = 0; i < 3; i++) gpu.dispose(make());
  await gpu.finish();
  const samples = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) gpu.dispose(make());
    await gpu.finish();
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  console.log(`${label.padEnd(34)} ${median(samples).toFixed(1).padStart(9)} µs/op (median of 5 batches of ${batch}, ${inputs})`);
}

if (sections.includes('ops')) {
  const one = gpu.fromArray([1], 1, 1);
  const m64 = gpu.fill(64, 64, 0.5);
  await perOp('add 1×1 (binary)', () => gpu.binary('add', one, one), 'batched, one submit per 256 ops', 256);
  await perOp('matmul 64×64×64', () => gpu.matmul(m64, m64, false, false), 'batched', 32);
  const t = performance.now();
  for (let i = 0; i < 50; i++) await gpu.read(one);
  console.log(`${'read 1×1 (submit + map round trip)'.padEnd(34)} ${(((performance.now() - t) * 1000) / 50).toFixed(1).padStart(9)} µs/op`);
  gpu.dispose(one);
  gpu.dispose(m64);
}

if (sections.includes('matmul')) {
  for (const n of [256, 512, 1024]) {
    const a = gpu.fill(n, n, 0.001);
    const cells = [];
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      gpu.dispose(gpu.matmul(a, a, ta, tb));
      await gpu.finish();
      const reps = n >= 1024 ? 1 : 3;
      const times = [];
      for (let r = 0; r < reps; r++) {
        const t = performance.now();
        gpu.dispose(gpu.matmul(a, a, ta, tb));
        await gpu.finish();
        times.push((performance.now() - t) / 1000);
      }
      cells.push(`${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${((2 * n ** 3) / median(times) / 1e9).toFixed(2)}`);
    }
    gpu.dispose(a);
    console.log(`matmul ${n}³ GFLOP/s: ${cells.join('  ')}`);
  }
}

if (sections.includes('train')) {
  const { createWasmBackend } = await import('../../backend-wasm/dist/index.js');
  const contenders = {
    'webgpu': gpu,
    'wasm/single': await createWasmBackend({ mode: 'single' }),
    'wasm/threads': await createWasmBackend({ mode: 'threads' }),
  };
  // On a software adapter the wide workload takes minutes an epoch at full size: fewer samples.
  const samplesFor = (w) => (w.name === 'wide' ? 256 : w.name === 'mnist-like' ? 2048 : w.samples);
  console.log(`training samples/s (median of ${rounds} interleaved rounds; wide on 256 samples (one batch), mnist-like on 2048)`);
  for (const name of ['seed', 'xor', 'mnist-like', 'wide']) {
    const workload = WORKLOADS[name];
    const { x, y } = workloadData(workload, samplesFor(workload));
    const common = { batchSize: workload.batchSize, optimizer: workload.optimizer, seed: 3 };
    const state = {};
    for (const [label, backend] of Object.entries(contenders)) {
      const network = createNetwork(backend, workload.network);
      await fit(network, x, y, { ...common, epochs: 1 });
      const t = performance.now();
      const h = await fit(network, x, y, { ...common, epochs: 1 });
      const wall = (performance.now() - t) / 1000;
      state[label] = { network, path: h.path, epochs: Math.max(1, Math.min(2000, Math.round(0.5 / wall))), rates: [] };
    }
    for (let r = 0; r < rounds; r++) {
      for (const label of Object.keys(contenders)) {
        const s = state[label];
        const t = performance.now();
        await fit(s.network, x, y, { ...common, epochs: s.epochs });
        s.rates.push((s.epochs * x.rows) / ((performance.now() - t) / 1000));
      }
    }
    const cells = Object.entries(state).map(([label, s]) => {
      s.network.dispose();
      const rate = median(s.rates);
      return `${label} ${rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toFixed(1)} (${s.path})`;
    });
    console.log(`${name.padEnd(11)} ${cells.join('   ')}`);
  }
  for (const [label, backend] of Object.entries(contenders)) if (label !== 'webgpu') backend.close?.();
}
const m = gpu.memory();
console.log(`submits ${m.submits}, dispatches ${m.dispatches}, pipelines ${m.pipelines}`);
gpu.close();
