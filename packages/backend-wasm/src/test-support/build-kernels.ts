/**
 * vitest globalSetup: compiles the WebAssembly kernels when dist/wasm/ is missing or older than
 * the AssemblyScript sources, the build scripts or core's built programs (the build prints every
 * program of @backprop/core's dist as AssemblyScript), so that `vitest run` works on a clean
 * clone and never tests stale kernels. (`turbo run test` builds first anyway; this covers running
 * vitest directly.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string): number {
  return Math.max(...readdirSync(dir).map((f) => statSync(`${dir}/${f}`).mtimeMs));
}

/** The newest file under `dir` (0 when it does not exist). */
function newestDeep(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(0, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(`${dir}/${f}`).mtimeMs));
}

export default function setup(): void {
  const outputs = ['dist/wasm/kernels-shared.wasm', 'dist/wasm/kernels.wasm'].map((f) => `${root}${f}`);
  const sources = Math.max(newest(`${root}assembly`), newest(`${root}scripts`), newestDeep(`${root}../core/dist`));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return;
  execFileSync(process.execPath, [`${root}scripts/build-wasm.mjs`], { stdio: 'inherit' });
}
