// The path a contributor outside this repository takes, run for real so it cannot silently
// break: pack core, test-kit, backend-js and conformance with `pnpm pack` (which turns `workspace:*` and
// `catalog:` into versions), install the tarballs with plain npm in a folder outside the
// workspace, and run one-file conformance tests there against a small wrapped backend
// (fixtures/outside-repo, the README's example). A correct backend passes; one missing `matmul`
// fails a single case that names it; a wrong `sgdUpdate` fails the case named after it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
// conformance's runtime dependencies and itself: every @backprop package it imports must be here.
const PACKED = ['packages/core', 'packages/test-kit', 'packages/backend-js', 'packages/conformance'];
const VITEST_VERSION = '4.1.12';

interface JsonAssertion {
  readonly fullName: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  readonly failureMessages: string[];
}
interface JsonReport {
  readonly testResults: { readonly name: string; readonly assertionResults: JsonAssertion[] }[];
}

let work = '';
let report: JsonReport;

function resultsOf(file: string): JsonAssertion[] {
  const r = report.testResults.find((t) => t.name.endsWith(file));
  if (!r) throw new Error(`no results for ${file} in the vitest report`);
  return r.assertionResults;
}

describe('installed from packed tarballs, outside the workspace', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'backprop-packed-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const pkg of PACKED) {
      for (const f of ['dist/index.js']) {
        try {
          readFileSync(join(repo, pkg, f));
        } catch {
          throw new Error(`${pkg}/${f} is missing: build the packages first (turbo runs this test after build)`);
        }
      }
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repo, pkg), stdio: 'pipe' });
    }
    const project = join(work, 'my-backend');
    cpSync(join(here, '../fixtures/outside-repo'), project, { recursive: true });
    const packed = readdirSync(tarballs).map((f) => join(tarballs, f));
    // Plain npm, as a contributor would; `catalog:`/`workspace:` in a tarball would fail here.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed, `vitest@${VITEST_VERSION}`], { cwd: project, stdio: 'pipe' });
    const out = join(work, 'report.json');
    try {
      execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=json', `--outputFile=${out}`], {
        cwd: project,
        stdio: 'pipe',
        env: { ...process.env, CI: 'true' },
      });
    } catch {
      // Two of the three files fail on purpose; the report says how.
    }
    report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the packed manifests hold no workspace: or catalog: ranges, and vitest is a semver peer', () => {
    const manifest = JSON.parse(readFileSync(join(work, 'my-backend/node_modules/@backprop/conformance/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const ranges = [...Object.values(manifest.dependencies), ...Object.values(manifest.peerDependencies)];
    expect(ranges.filter((r) => r.startsWith('workspace:') || r.startsWith('catalog:'))).toEqual([]);
    expect(manifest.peerDependencies['vitest']).toMatch(/^[\^~>=<\d]/);
  });

  it('a correct wrapped backend passes every case', () => {
    const results = resultsOf('conformance.test.js');
    const failed = results.filter((r) => r.status === 'failed').map((r) => `${r.fullName}: ${r.failureMessages[0]?.split('\n')[0] ?? ''}`);
    expect(failed).toEqual([]);
    expect(results.filter((r) => r.status === 'passed').length).toBeGreaterThan(20);
  });

  it('a backend missing matmul fails one case whose message names matmul, and runs nothing else', () => {
    const results = resultsOf('missing-matmul.test.js');
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.fullName)).toEqual(['conformance: mine without matmul the backend has every primitive (shape check)']);
    expect(failed[0]!.failureMessages[0]).toContain('missing primitives (not functions): matmul');
    expect(results.filter((r) => r.status === 'passed')).toEqual([]);
  });

  it('a wrong sgdUpdate fails the case named after sgdUpdate, and only cases that use it', () => {
    const failed = resultsOf('wrong-sgd.test.js').filter((r) => r.status === 'failed');
    const sgdCase = failed.find((r) => r.fullName.endsWith('composites: sgdUpdate'));
    expect(sgdCase, failed.map((r) => r.fullName).join('\n')).toBeDefined();
    expect(sgdCase!.failureMessages[0]).toMatch(/^ConformanceMismatch: sgdUpdate \[1,1\]: element 0 is/);
    expect(sgdCase!.failureMessages[0]).not.toContain('expected false to be true');
    expect(failed.some((r) => r.fullName.includes('momentumUpdate') || r.fullName.includes('adamUpdate'))).toBe(false);
  });
});
