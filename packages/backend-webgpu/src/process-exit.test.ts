import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probeWebgpu } from './test-support/probe.js';

// A child Node process loads the package as users do, from its built files (plain Node 20
// cannot run the TypeScript sources). In CI the build runs first, so a missing build fails there.
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const haveBuild = existsSync(built) || process.env['CI'] === 'true';
const probe = await probeWebgpu();
const why = !probe.engine ? ` (skipped: ${probe.reason})` : !haveBuild ? ' (skipped: needs the built package, run `pnpm build` first)' : '';

describe('close() lets Node exit', () => {
  it.skipIf(why !== '')(`a process that trained on the GPU and called close() exits by itself${why}`, () => {
    const script = `
      const { createWebgpuBackend } = await import(${JSON.stringify(built)});
      const b = await createWebgpuBackend();
      const x = b.fill(64, 64, 1);
      for (let i = 0; i < 20; i++) b.dispose(b.matmul(x, x, false, false));
      const y = b.matmul(x, x, false, true);
      console.log(b.info.engine, (await b.read(y))[0]);
      b.close();
    `;
    // No process.exit in the script: if anything of Dawn's kept Node's event loop running, the timeout would fail this.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000, encoding: 'utf8', env: process.env });
    expect(out.trim()).toBe(`${probe.engine} 64`);
  });

  it.skipIf(why !== '')(`a process that forgot close() exits by itself too (the Dawn instance the package holds for the process does not keep Node running)${why}`, () => {
    const script = `
      const { createWebgpuBackend } = await import(${JSON.stringify(built)});
      const b = await createWebgpuBackend();
      const x = b.fill(4, 4, 1);
      console.log((await b.read(b.matmul(x, x, false, false)))[0]);
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000, encoding: 'utf8', env: process.env });
    expect(out.trim()).toBe('4');
  });
});
