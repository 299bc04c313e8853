import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A child Node process must load the package as users do, from its built files; the test
// sources are TypeScript that plain Node 20 cannot run.
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
// In CI the build always runs first (turbo: test depends on build), so a missing build there is a failure, not a skip.
const haveBuild = existsSync(built) || process.env.CI === 'true';

describe('helper threads never keep a process alive', () => {
  it.skipIf(!haveBuild)(`a process that used the threads and never called close() exits by itself${haveBuild ? '' : ' (skipped: needs the built package, run `pnpm build` first)'}`, () => {
    const script = `
      const { createWasmBackend } = await import(${JSON.stringify(built)});
      const b = await createWasmBackend({ mode: 'threads', threads: 2, matmulThreshold: 1 });
      await b.threadsReady();
      const x = b.fill(64, 64, 1);
      for (let i = 0; i < 20; i++) b.dispose(b.matmul(x, x, false, false));
      const y = b.matmul(x, x, false, false);
      console.log(b.info.engine, b.readSync(y)[0]);
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000, encoding: 'utf8' });
    expect(out.trim()).toBe('threads 64');
  });
});
