/**
 * Runs `backprop bench` (the built CLI, as a user would) on one workload for the check's
 * backends and reads its JSON. One workload per call, so a backend stopped at its time limit
 * loses only that workload's figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLimited, tail } from '../child/run-limited.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface BenchRow {
  readonly workload: string;
  /** bench's label: 'js' for js/float32, else backend/variant. */
  readonly backend: string;
  readonly engine: string;
  readonly samplesPerSecond: number;
  readonly msPerStep: number;
  readonly gflops: number;
  readonly finalLoss: number;
  readonly runs: number[];
  readonly ratioToBaseline: number | null;
}

export interface BenchCallResult {
  readonly rows: readonly BenchRow[];
  /** Backends that produced no figure for this workload, with bench's reason. */
  readonly missing: readonly { backend: string; reason: string }[];
  readonly disagreements: readonly string[];
}

interface BenchDocument {
  results: BenchRow[];
  skipped: { backend: string; workload: string; status: string; reason?: string }[];
  unavailable: { backend: string; reason: string }[];
  disagreements: string[];
}

export interface BenchCall {
  /** A standard workload's name, or a shape like 256-256-10 for --layers. */
  readonly workload?: string;
  readonly layers?: string;
  readonly batchSize?: number;
  readonly samples?: number;
  readonly backends: readonly string[];
  readonly runs: number;
  readonly maxRunSeconds: number;
  /** Per backend process. */
  readonly timeoutSeconds: number;
}

export async function runBenchOnce(call: BenchCall): Promise<BenchCallResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'backprop-gpu-check-bench-'));
  try {
    const args = [CLI, 'bench', '--json', '--backends', call.backends.join(','), '--runs', String(call.runs), '--max-run-seconds', String(call.maxRunSeconds), '--timeout', String(call.timeoutSeconds)];
    args.push('--workloads', call.workload ?? 'none');
    if (call.layers) args.push('--layers', call.layers);
    if (call.batchSize) args.push('--batch-size', String(call.batchSize));
    if (call.samples) args.push('--samples', String(call.samples));
    args.push('--out', join(scratch, 'bench.json'), '--chart', join(scratch, 'bench.svg'));
    // bench itself stops each backend at its --timeout; this limit only guards against bench hanging.
    const run = await runLimited(process.execPath, args, { timeoutSeconds: call.timeoutSeconds * call.backends.length + 30, ownGroup: true });
    let doc: BenchDocument | undefined;
    try {
      doc = JSON.parse(run.stdout) as BenchDocument;
    } catch {
      doc = undefined;
    }
    if (!doc || run.code !== 0) {
      const reason = run.timedOut ? 'bench did not finish in time' : `bench exited with code ${String(run.code)}: ${tail(run.stderr)}`;
      return { rows: [], missing: call.backends.map((backend) => ({ backend, reason })), disagreements: [] };
    }
    const missing = [
      ...doc.unavailable.map((u) => ({ backend: u.backend, reason: u.reason })),
      ...doc.skipped.map((s) => ({ backend: s.backend, reason: `${s.status}: ${s.reason ?? ''}` })),
    ];
    return { rows: doc.results, missing, disagreements: doc.disagreements };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
