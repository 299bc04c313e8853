/**
 * Runs the shared conformance suite on gpu.js's headless GL, through vitest exactly as the
 * backend's own tests do, and reads vitest's JSON report. It runs in a scratch folder so that the
 * suite's conformance-report-*.json (which `backprop doctor` reads from the package folder) is
 * not replaced by a partial run's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLimited, tail } from '../child/run-limited.js';
import { gpujsPackageDir, vitestScript } from './package-paths.js';

export interface ConformanceOutcome {
  readonly backend: 'gpujs/headlessgl';
  /** The vitest -t pattern that chose the cases. */
  readonly filter: string;
  readonly ran: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly seconds: number;
  /** Names of the failed cases, or why the suite did not run. */
  readonly problems: readonly string[];
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

export async function runHeadlessGlConformance(filter: string, timeoutSeconds: number): Promise<ConformanceOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'backprop-gpu-check-'));
  const reportFile = join(scratch, 'vitest.json');
  try {
    const root = gpujsPackageDir();
    const run = await runLimited(process.execPath, [vitestScript(), 'run', 'src/conformance.test.ts', '--root', root, '-t', filter, '--reporter=json', `--outputFile=${reportFile}`], {
      cwd: scratch,
      timeoutSeconds,
      ownGroup: true,
    });
    let report: VitestJson | undefined;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJson;
    } catch {
      report = undefined;
    }
    if (!report) {
      const why = run.timedOut ? `stopped after ${timeoutSeconds} s` : `vitest exited with code ${String(run.code)} without a report: ${tail(run.stderr || run.stdout)}`;
      return { backend: 'gpujs/headlessgl', filter, ran: false, passed: 0, failed: 0, seconds: run.seconds, problems: [why] };
    }
    const failedNames = report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${a.fullName}: ${(a.failureMessages?.[0] ?? '').split('\n')[0]}`));
    return {
      backend: 'gpujs/headlessgl',
      filter,
      ran: report.numPassedTests + report.numFailedTests > 0,
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      seconds: run.seconds,
      problems: report.numPassedTests + report.numFailedTests > 0 ? failedNames : [`no case matched ${filter}`],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
