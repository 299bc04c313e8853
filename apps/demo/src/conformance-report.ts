/**
 * The conformance suite's JSON reports (`conformance-report*.json`, written by each backend's
 * conformance test run), summarised per backend and engine: how many cases passed, failed and
 * were skipped. The reader is lenient about the layout (a list of cases, or { cases } or
 * { results }) because the report's format is the conformance package's to evolve.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConformanceStatus {
  readonly file: string;
  readonly backend: string;
  readonly engine: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Where a package is installed, found the way Node finds it: node_modules folders upwards. */
export function packageDirectory(packageName: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

type Verdict = 'passed' | 'failed' | 'skipped' | undefined;

function verdictOf(c: Record<string, unknown>): Verdict {
  const raw = c.status ?? c.result ?? c.outcome ?? (typeof c.passed === 'boolean' ? (c.passed ? 'pass' : 'fail') : undefined);
  if (typeof raw !== 'string') return undefined;
  if (/^pass/i.test(raw)) return 'passed';
  if (/^fail/i.test(raw)) return 'failed';
  if (/^skip/i.test(raw)) return 'skipped';
  return undefined;
}

function casesOf(report: unknown): Record<string, unknown>[] {
  const list = Array.isArray(report)
    ? report
    : typeof report === 'object' && report !== null
      ? ((report as Record<string, unknown>).cases ?? (report as Record<string, unknown>).results)
      : undefined;
  return Array.isArray(list) ? list.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null) : [];
}

/** A report about an engine that could not run names it 'unavailable'; its file name still says which. */
function known(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== 'unavailable' ? v : undefined;
}

export function summariseReport(file: string, report: unknown, fallbackBackend: string): ConformanceStatus[] {
  const top = typeof report === 'object' && report !== null && !Array.isArray(report) ? (report as Record<string, unknown>) : {};
  const named = /conformance-report-([^-/]+)-([^/]+)\.json$/.exec(file);
  const groups = new Map<string, { backend: string; engine: string; passed: number; failed: number; skipped: number }>();
  for (const c of casesOf(report)) {
    const verdict = verdictOf(c);
    if (!verdict) continue;
    const backend = known(c.backend) ?? known(top.backend) ?? named?.[1] ?? fallbackBackend;
    const engine = known(c.engine) ?? known(top.engine) ?? named?.[2] ?? '?';
    const key = `${backend}/${engine}`;
    const g = groups.get(key) ?? { backend, engine, passed: 0, failed: 0, skipped: 0 };
    g[verdict]++;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ file, ...g }));
}

/** Where reports are written: each backend package's folder, and the conformance package's (backend-js's reports). */
const REPORT_HOMES = [{ name: 'js', packageName: '@backprop/conformance' }];

/** Every report found in the backend packages' folders. */
export function findConformanceStatuses(packages: readonly { name: string; packageName: string }[]): ConformanceStatus[] {
  const out: ConformanceStatus[] = [];
  for (const p of [...packages, ...REPORT_HOMES]) {
    const dir = packageDirectory(p.packageName);
    if (!dir) continue;
    for (const name of readdirSync(dir).filter((f) => /^conformance-report.*\.json$/.test(f)).sort()) {
      const file = join(dir, name);
      try {
        out.push(...summariseReport(file, JSON.parse(readFileSync(file, 'utf8')), p.name));
      } catch {
        out.push({ file, backend: p.name, engine: '?', passed: 0, failed: 0, skipped: 0 });
      }
    }
  }
  return out;
}

/** The verdict for one backend and engine: 'failed' when any report has a failing case for it. */
export function conformanceVerdict(statuses: readonly ConformanceStatus[], backend: string, engine: string): 'passed' | 'failed' | 'no report' {
  const mine = statuses.filter((s) => s.backend === backend && (s.engine === engine || s.engine === '?'));
  if (mine.some((s) => s.failed > 0)) return 'failed';
  // A report whose cases were all skipped (engine missing when the suite ran) proves nothing.
  return mine.some((s) => s.passed > 0) ? 'passed' : 'no report';
}
