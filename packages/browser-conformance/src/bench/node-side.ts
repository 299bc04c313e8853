/**
 * What bench/run-browser-bench.mjs loads in Node (through Vite, so it reads these TypeScript
 * sources): the Node runs, the table formats, and how to start Chromium.
 */
import { formatTrainingTable } from '@backprop/conformance/bench';
import type { BenchOutcome, BenchRequest, MatmulFigure } from './bench-types.js';
import { runVariants } from './run-variants.js';
import { benchVariants, variantStarter } from './variants.js';

export { formatTrainingTable };
export { CHROMIUM_ARGS, CHROMIUM_PATH, ISOLATION_HEADERS, assertChromium } from '../support/chromium.js';

/** The default variants of each side, from the backend registry (one that cannot start here is listed as skipped, with why). */
export const NODE_VARIANTS: readonly string[] = benchVariants('node');
export const BROWSER_VARIANTS: readonly string[] = benchVariants('browser');

export function runNodeBench(request: BenchRequest): Promise<BenchOutcome> {
  return runVariants('node', variantStarter(), request, (line) => console.error(line));
}

/** The matmul figures as backend-tfjs's README table: flags vs explicit transpose per variant. */
export function formatMatmulTable(figures: readonly MatmulFigure[]): string {
  const head = ['engine', 'size', 'variant', 'flags GFLOP/s', 'explicit-transpose GFLOP/s', 'faster'];
  const rows = figures.map((f) => [
    f.engine,
    String(f.size),
    f.variant,
    f.flags.toFixed(2),
    f.explicitTranspose === null ? '-' : f.explicitTranspose.toFixed(2),
    f.explicitTranspose === null ? '-' : f.explicitTranspose > f.flags ? 'explicit' : 'flags',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
