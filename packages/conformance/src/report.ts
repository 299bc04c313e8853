/**
 * The conformance report: one JSON file per backend run listing every case with its status and
 * worst errors, so that users can see how backends agree without reading test output.
 */
import type { BackendInfo, FusedKinds } from '@backprop/core';
// Node writes the file itself; a browser (vitest browser mode) hands it to the Node side.
import { writeTextFile } from '#report-file';

export type CaseStatus = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  case: string;
  status: CaseStatus;
  maxAbsError?: number;
  maxRelError?: number;
  /** Why a case was skipped, or what failed. */
  reason?: string;
}

export interface ConformanceReport {
  suite: string;
  backend: string;
  engine: string;
  precision: string;
  overrides: string[];
  /** The activation and loss kinds the overrides handle; other kinds ran on core's reference. */
  fusedKinds?: FusedKinds;
  startedAt: string;
  summary: { pass: number; fail: number; skip: number };
  cases: CaseResult[];
}

export class Recorder {
  readonly cases: CaseResult[] = [];
  info: BackendInfo | undefined;
  overrides: string[] = [];
  fusedKinds: FusedKinds | undefined;
  private readonly startedAt = new Date().toISOString();

  constructor(private readonly suite: string) {}

  record(result: CaseResult): void {
    const i = this.cases.findIndex((c) => c.case === result.case);
    if (i >= 0) this.cases[i] = result;
    else this.cases.push(result);
  }

  /** Adds error figures to a case (worst over several comparisons). */
  errors(caseName: string, maxAbsError: number, maxRelError: number): void {
    const c = this.cases.find((x) => x.case === caseName);
    if (c) {
      c.maxAbsError = Math.max(c.maxAbsError ?? 0, maxAbsError);
      c.maxRelError = Math.max(c.maxRelError ?? 0, maxRelError);
    } else {
      this.cases.push({ case: caseName, status: 'pass', maxAbsError, maxRelError });
    }
  }

  report(): ConformanceReport {
    const count = (s: CaseStatus): number => this.cases.filter((c) => c.status === s).length;
    return {
      suite: this.suite,
      backend: this.info?.name ?? 'unavailable',
      engine: this.info?.engine ?? 'unavailable',
      precision: this.info?.precision ?? 'unknown',
      overrides: this.overrides,
      fusedKinds: this.fusedKinds,
      startedAt: this.startedAt,
      summary: { pass: count('pass'), fail: count('fail'), skip: count('skip') },
      cases: this.cases,
    };
  }

  /** Writes the report (atomically in Node; from a browser through vitest, see platform/browser.ts). */
  write(path: string): Promise<void> {
    return writeTextFile(path, JSON.stringify(this.report(), null, 2) + '\n');
  }
}
