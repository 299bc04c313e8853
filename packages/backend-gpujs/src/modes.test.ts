import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGpujsBackend, GpujsModeUnavailableError, type GpujsModeRequest } from './index.js';

const require = createRequire(import.meta.url);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('mode selection', () => {
  it('auto takes headless GL here, where a display exists, and says so', () => {
    const backend = createGpujsBackend();
    expect(backend.info.engine).toBe('headlessgl');
    backend.close();
  });

  it('refuses an unknown mode by listing the known ones', () => {
    expect(() => createGpujsBackend({ mode: 'gpu' as GpujsModeRequest })).toThrow(
      'createGpujsBackend: mode must be one of headlessgl, webgl2, webgl, webasm, cpu, auto, got "gpu"',
    );
  });

  it('headlessgl without the gl addon says it is missing and how to build it', () => {
    // A real failing require of a package that is not installed, as when gl failed to build.
    const loadHeadlessGl = () => require('gl-addon-that-is-not-installed') as never;
    let error: unknown;
    try {
      createGpujsBackend({ mode: 'headlessgl', loadHeadlessGl });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GpujsModeUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain("mode 'headlessgl' is not available here: the 'gl' native addon (an optional dependency) is missing or failed to build");
    expect(message).toContain("Cannot find module 'gl-addon-that-is-not-installed'");
    expect(message).toContain('apt-get install -y libxi-dev libglu1-mesa-dev libglew-dev pkg-config libx11-dev libxext-dev xvfb xauth');
    expect(message).toContain('npm_config_nodedir=/usr');
  });

  it('without an X display, headlessgl explains and auto takes webasm (checked in a fresh process)', () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    const child = spawnSync('npx', ['vitest', 'run', '--config', 'src/test-support/vitest-no-display.config.ts'], { cwd: packageRoot, env, encoding: 'utf8' });
    const output = `${child.stdout}${child.stderr}`;
    expect(output, output).toMatch(/Tests\s+.*3 passed/);
    expect(child.status, output).toBe(0);
  }, 120_000);

  it('headlessgl on a display that does not exist names it (checked in a fresh process)', () => {
    const script = "const c = require('gl')(1, 1); process.stdout.write(String(c === null));";
    const child = spawnSync(process.execPath, ['-e', script], { cwd: packageRoot, env: { ...process.env, DISPLAY: ':9999' }, encoding: 'utf8' });
    // The premise of the DISPLAY=:9999 message in modes.ts: gl gives no context there.
    expect(child.stdout).toBe('true');
  });

  it.each(['webgl2', 'webgl'] as const)('%s in Node says it needs a browser', (mode) => {
    expect(() => createGpujsBackend({ mode })).toThrow(`mode '${mode}' is not available here: ${mode === 'webgl2' ? 'WebGL2' : 'WebGL'} exists only in browsers`);
  });

  it.each(['webasm', 'cpu'] as const)('%s works anywhere and reports itself', (mode) => {
    const backend = createGpujsBackend({ mode });
    expect(backend.info).toMatchObject({ name: 'gpujs', engine: mode, precision: 'float32' });
    expect(backend.info.limits.join(' ')).toContain('runs on the CPU');
    backend.close();
  });

  it('headlessgl states its texture size limit', () => {
    const backend = createGpujsBackend({ mode: 'headlessgl' });
    expect(backend.info.limits.join(' ')).toMatch(/one float texture of at most \d+×\d+ texels/);
    backend.close();
  });
});
