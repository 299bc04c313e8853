// Compiles the AssemblyScript kernels (assembly/) into two WebAssembly modules under dist/wasm/:
// kernels-shared.wasm imports shared memory (worker threads over a SharedArrayBuffer) and
// kernels.wasm imports plain memory (for runtimes without SharedArrayBuffer, such as pages that
// are not cross-origin isolated). Both use 128-bit SIMD. The .wasm files are build outputs.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'wasm');
mkdirSync(outDir, { recursive: true });

// wasm32 addresses 4 GiB at most: 65,536 pages of 64 KiB. The backend's memory ceiling may be lower.
const MAX_PAGES = '65536';
const common = [
  join(root, 'assembly', 'index.ts'),
  '--runtime', 'stub',
  '--noAssert',
  '--use', 'abort=',
  '--enable', 'simd',
  '--importMemory',
  '--noExportMemory',
  '--initialMemory', '1',
  '--maximumMemory', MAX_PAGES,
  '-O3',
];

const variants = [
  { file: 'kernels-shared.wasm', flags: ['--enable', 'threads', '--sharedMemory'] },
  { file: 'kernels.wasm', flags: [] },
];

for (const { file, flags } of variants) {
  const { error, stderr } = await asc.main([...common, ...flags, '--outFile', join(outDir, file)]);
  if (error) {
    console.error(stderr.toString());
    throw new Error(`assemblyscript failed to compile ${file}: ${error.message}`);
  }
}
console.log(`built ${variants.map((v) => `dist/wasm/${v.file}`).join(', ')}`);
