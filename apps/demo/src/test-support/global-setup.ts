/**
 * The tests run the real CLI, built: `node dist/cli.js`, exactly what users run. Before any test
 * file, this builds what the CLI needs. Its dist imports the @backprop packages through their
 * built `dist` too, so those are built first, through turbo (cached: about a second when nothing
 * changed). A backend package that fails to build is not fatal: the CLI must then report that
 * backend as unavailable, and the tests check it does. Core, conformance and the demo must build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DIR, REPO_ROOT } from './paths.js';

function run(command: string, args: string[], cwd: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

export default function setup(): void {
  const turbo = join(REPO_ROOT, 'node_modules', '.bin', 'turbo');
  // `@backprop/demo^...`: every package the demo depends on, not the demo itself.
  const deps = run(turbo, ['run', 'build', '--filter=@backprop/demo^...', '--continue', '--output-logs=errors-only'], REPO_ROOT);
  if (!deps.ok) process.stderr.write(`[demo tests] some dependency builds failed; their backends will show as unavailable:\n${deps.output.slice(-2000)}\n`);
  for (const needed of ['packages/core/dist/index.js', 'packages/core/dist/node.js', 'packages/conformance/dist/bench/index.js']) {
    if (!existsSync(join(REPO_ROOT, needed))) throw new Error(`[demo tests] ${needed} is missing after the build; the CLI cannot run without it:\n${deps.output.slice(-2000)}`);
  }
  const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  const demo = run(tsc, ['-p', 'tsconfig.build.json'], DEMO_DIR);
  if (!demo.ok) throw new Error(`[demo tests] building the demo failed:\n${demo.output}`);
}
