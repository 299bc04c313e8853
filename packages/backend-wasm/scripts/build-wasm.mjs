// Compiles the AssemblyScript kernels (assembly/) into two WebAssembly modules under dist/wasm/:
// kernels-shared.wasm imports shared memory (worker threads over a SharedArrayBuffer) and
// kernels.wasm imports plain memory (for runtimes without SharedArrayBuffer, such as pages that
// are not cross-origin isolated). Both use 128-bit SIMD. The .wasm files are build outputs.
// First it prints core's programs (every activation, loss and update rule, `allPrograms()` from
// @backprop/core's dist, built before this package) into assembly/generated/programs.ts, so a
// kind added to core is fused here by the next build with no edit to this package.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { printPrograms } from './assemblyscript-programs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'wasm');
mkdirSync(outDir, { recursive: true });

const generatedDir = join(root, 'assembly', 'generated');
mkdirSync(generatedDir, { recursive: true });
const { source, count } = printPrograms();
// Written atomically: a build interrupted halfway never leaves a truncated kernel source.
const generated = join(generatedDir, 'programs.ts');
writeFileSync(`${generated}.tmp`, source);
renameSync(`${generated}.tmp`, generated);

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
console.log(`printed ${count} programs of @backprop/core as AssemblyScript (assembly/generated/programs.ts)`);
console.log(`built ${variants.map((v) => `dist/wasm/${v.file}`).join(', ')}`);
