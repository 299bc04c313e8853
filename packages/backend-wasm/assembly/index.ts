// The kernels' entry point: everything the backend calls. Built by scripts/build-wasm.mjs into
// dist/wasm/kernels-shared.wasm (imports shared memory, for threads) and dist/wasm/kernels.wasm
// (plain memory, where SharedArrayBuffer is unavailable). The module has no data segments and
// no runtime of its own: storage is managed by the JavaScript side (src/allocator.ts).
// generated/programs.ts is printed by the build from core's programs (every activation, loss
// and update rule): one kernel per program, exported as `program$<key with . as $>`.
export { tileRows, setScratch, scratchBytes, packedBFloats, packB, matmulRows } from './matmul';
export { unary, binary, binaryScalar, reduce } from './elementwise';
export { addBias } from './dense';
export * from './generated/programs';

/** Where the JavaScript allocator may start: past anything the compiler placed in memory. */
export function heapBase(): usize {
  return __heap_base;
}
