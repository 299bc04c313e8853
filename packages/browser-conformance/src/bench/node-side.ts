/**
 * What bench/run-browser-bench.mjs loads in Node (through Vite, so it reads these TypeScript
 * sources): the Node runs, the table formats, and how to start Chromium.
 */
import { formatTrainingTable } from '@backprop/conformance/bench';
import type { BenchOutcome, BenchRequest, MatmulFigure } from './bench-types.js';
import { NODE_VARIANTS, nodeVariantsHere } from './node-variants.js';
import { runVariants } from './run-variants.js';

export { formatTrainingTable, nodeVariantsHere };
export { CHROMIUM_ARGS, CHROMIUM_PATH, ISOLATION_HEADERS, assertChromium } from '../support/chromium.js';
export { BROWSER_VARIANT_NAMES } from './variant-names.js';

export function runNodeBench(request: BenchRequest): Promise<BenchOutcome> {
  return runVariants('node', NODE_VARIANTS, request, (line) => console.error(line));
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
