/**
 * Closing backends never kills the process. dawn.node frees its Dawn instance when the JS object
 * `create()` returned is garbage-collected, while its devices' event processing (scheduled after
 * device.destroy()) still points at it: a package that dropped its instance at close() died with
 * SIGSEGV/SIGABRT in `InstanceBase::ProcessEvents`, or hung there, once a GC ran after a close()
 * (6 of 6 runs of the script below, before platform/node.ts kept one instance for the process).
 * The script runs in a child process with `--expose-gc`, so the GC lands in that window every
 * time instead of by chance; a crash fails this test with the signal (a hang: SIGTERM at the
 * timeout), not the test runner's worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probeWebgpu } from './test-support/probe.js';

const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const haveBuild = existsSync(built) || process.env['CI'] === 'true';
const probe = await probeWebgpu();
const why = !probe.engine ? ` (skipped: ${probe.reason})` : !haveBuild ? ' (skipped: needs the built package, run `pnpm build` first)' : '';

describe('teardown', () => {
  it.skipIf(why !== '')(`backends closed while another works, with a GC after each close(), leave the process alive${why}`, () => {
    // Two backends with work still queued on both, closed together, then a GC: the pattern of a
    // test file's afterAll (and of the suite's second backend), made deterministic.
    const script = `
      const { createWebgpuBackend } = await import(${JSON.stringify(built)});
      for (let round = 0; round < 4; round++) {
        const a = await createWebgpuBackend();
        const x = a.fill(64, 64, 0.001);
        let y = x;
        for (let i = 0; i < 4; i++) y = a.matmul(y, x, false, false);
        const b = await createWebgpuBackend();
        const z = b.fill(64, 64, 1);
        b.matmul(z, z, false, false);
        a.close();
        b.close();
        globalThis.gc();
      }
      const c = await createWebgpuBackend();
      const w = c.fill(8, 8, 1);
      console.log((await c.read(c.matmul(w, w, false, false)))[0]);
      c.close();
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { timeout: 30_000, encoding: 'utf8', env: process.env });
    const how = run.signal ? `killed by ${run.signal}` : `exit code ${run.status}`;
    expect(`${how}\n${run.stdout.trim()}`, `the child process's end and output; stderr:\n${run.stderr.slice(-2000)}`).toBe('exit code 0\n8');
  });
});
