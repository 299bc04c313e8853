/**
 * `backprop doctor`: which backends and variants work on this machine, each checked in its own
 * process (start, a small product computed right, handles freed); for each one that does not,
 * why and how to fix it; the conformance reports' status where a report exists; and where the
 * `auto` decisions are cached.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { cacheFilePath } from '../auto/decision-cache.js';
import { allChoices, BACKENDS, BackendUnavailableError, choiceLabel, createBackend, notInNode, type BackendChoice } from '../backends.js';
import { runChild } from '../child/run-child.js';
import type { ProbeAnswer } from '../child/protocol.js';
import { findConformanceStatuses } from '../conformance-report.js';
import { EXIT } from '../errors.js';
import { defaultCacheDir, describeMachine } from '../machine.js';
import { createOutput, formatColumns } from '../output.js';
import { positiveInt } from './options.js';

interface VariantStatus {
  readonly backend: string;
  readonly variant: string;
  readonly available: boolean;
  readonly engine?: string;
  readonly precision?: string;
  readonly limits?: readonly string[];
  readonly startSeconds?: number;
  readonly reason?: string;
  readonly fix?: string;
}

interface DoctorFlags {
  readonly timeout: number;
  readonly json?: boolean;
}

/** Two probes at a time: most of a probe is Node starting and a package loading, and this machine has few cores. */
const CONCURRENCY = 2;

/** A variant that runs in browsers only is answered without a process: the registry says so. */
async function browserOnlyAnswer(choice: BackendChoice): Promise<ProbeAnswer> {
  try {
    await createBackend(choice);
  } catch (error) {
    if (error instanceof BackendUnavailableError) return { ok: false, reason: error.reason, fix: error.fix };
    throw error;
  }
  throw new Error(`doctor: ${choiceLabel(choice)} is listed for browsers only yet started in Node`);
}

async function probeAll(choices: readonly BackendChoice[], timeout: number): Promise<{ choice: BackendChoice; answer: ProbeAnswer }[]> {
  const results = new Array<{ choice: BackendChoice; answer: ProbeAnswer }>(choices.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < choices.length) {
      const i = next++;
      const choice = choices[i]!;
      const answer = notInNode(choice) === undefined ? await runChild<ProbeAnswer>({ kind: 'probe', choice }, timeout) : await browserOnlyAnswer(choice);
      results[i] = { choice, answer };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

export async function runDoctor(flags: DoctorFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  output.note('doctor: checking every backend and variant, each in its own process…');
  const probes = await probeAll(allChoices('any'), flags.timeout);
  const conformance = findConformanceStatuses(BACKENDS);
  const cacheDir = defaultCacheDir();
  const cacheFile = cacheFilePath(cacheDir);
  const machine = describeMachine();
  const backends: VariantStatus[] = probes.map(({ choice, answer }) => ({
    backend: choice.backend,
    variant: choice.variant,
    available: answer.ok,
    ...(answer.ok ? { engine: answer.info.engine, precision: answer.info.precision, limits: answer.info.limits, startSeconds: answer.startSeconds } : { reason: answer.reason, fix: answer.fix }),
  }));
  const available = backends.filter((b) => b.available);
  const document = {
    command: 'doctor',
    machine,
    display: process.env.DISPLAY ?? null,
    backends,
    conformance,
    autoCache: { file: cacheFile, exists: existsSync(cacheFile) },
  };
  const human = [
    `machine   ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, DISPLAY=${process.env.DISPLAY ?? '(unset)'}`,
    '',
    formatColumns([
      ['backend', 'status', 'engine', 'precision', 'start'],
      ...backends.map((b) => [`${b.backend}/${b.variant}`, b.available ? 'ok' : 'unavailable', b.engine ?? '-', b.precision ?? '-', b.startSeconds === undefined ? '-' : `${b.startSeconds.toFixed(2)} s`]),
    ]),
    '',
    ...backends.filter((b) => !b.available).map((b) => `${b.backend}/${b.variant}: ${b.reason}\n    fix: ${b.fix}`),
    ...backends.filter((b) => b.available && b.limits && b.limits.length > 0).map((b) => `${b.backend}/${b.variant} limits: ${b.limits!.join('; ')}`),
    '',
    conformance.length === 0
      ? 'conformance: no report found (run `pnpm test` in the backend packages to write conformance-report*.json)'
      : 'conformance:\n' + conformance.map((c) => `  ${c.backend}/${c.engine}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${c.file})`).join('\n'),
    `auto cache: ${cacheFile}${existsSync(cacheFile) ? '' : ' (none yet)'}`,
    '',
    `${available.length} of ${backends.length} backend variants work here: ${available.map((b) => choiceLabel(b)).join(', ') || 'none'}`,
  ].join('\n');
  output.result(document, human);
  // The report is the answer; an exit code says to scripts that nothing can run here.
  if (available.length === 0) process.exitCode = EXIT.backendUnavailable;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check which backends and modes/engines work on this machine, and why the others do not')
    .option('--timeout <s>', 'give up on a backend check after this many seconds', positiveInt, 60)
    .option('--json', 'print one JSON document on stdout')
    .action((flags: DoctorFlags) => runDoctor(flags));
}
