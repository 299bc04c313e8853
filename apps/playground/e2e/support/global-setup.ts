/**
 * Before the browser tests: builds the app with Vite (it reads the packages' sources, so it
 * needs no other build) and serves the BUILT app on 127.0.0.1 with `vite preview` (the same
 * COOP/COEP headers as `pnpm preview`); tests get its address with `inject('baseUrl')`. Builds
 * the CLI too (through turbo, cached) for the test that `backprop predict` loads a model saved
 * here; if that build fails, only that test fails, with the build's output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { APP_DIR, CLI, REPO_ROOT } from './paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Why the CLI could not be built, or '' when it was. */
    cliBuildError: string;
  }
}

function buildCli(): string {
  const turbo = join(REPO_ROOT, 'node_modules', '.bin', 'turbo');
  try {
    execFileSync(turbo, ['run', 'build', '--filter=@backprop/demo...', '--output-logs=errors-only'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `building the CLI (turbo run build --filter=@backprop/demo...) failed:\n${`${e.stdout ?? ''}${e.stderr ?? ''}`.slice(-4000) || e.message}`;
  }
  return existsSync(CLI) ? '' : `${CLI} is missing after the build`;
}

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  await build({ root: APP_DIR, logLevel: 'warn' });
  project.provide('cliBuildError', buildCli());
  server = await preview({ root: APP_DIR, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('[playground tests] vite preview started but gave no address');
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
