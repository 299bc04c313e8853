/**
 * `backprop gpu-check`: which renderer each GPU path gets here (headless GL, WebGPU, the system's
 * GLX/EGL/Vulkan), the conformance suite on gpu.js's headless GL, and `backprop bench` on the
 * standard workloads and a width sweep for backend-js, gpujs/headlessgl and the fast CPU
 * backends, in a bounded time; one JSON file and a short table. A software renderer (llvmpipe,
 * SwiftShader, lavapipe) is reported as such, never as a GPU. `--short` is the CI-sized run.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '@backprop/core/node';
import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { formatCheck } from '../gpu-check/report-table.js';
import { FULL_PLAN, SHORT_PLAN } from '../gpu-check/plan.js';
import { runCheck } from '../gpu-check/run-check.js';
import { createOutput } from '../output.js';

interface GpuCheckFlags {
  readonly short?: boolean;
  readonly out: string;
  readonly json?: boolean;
}

/** BACKPROP_GPU_CHECK_SHORT=1 picks the short mode too, for wrappers that cannot pass flags. */
function wantsShort(flags: GpuCheckFlags): boolean {
  return flags.short === true || process.env.BACKPROP_GPU_CHECK_SHORT === '1';
}

export async function runGpuCheck(flags: GpuCheckFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const outPath = resolve(flags.out);
  ensureParentDirectory(outPath);
  const doc = await runCheck(wantsShort(flags) ? SHORT_PLAN : FULL_PLAN, (line) => output.note(line));
  await writeFileAtomic(outPath, JSON.stringify(doc, null, 2) + '\n');
  output.result(doc, formatCheck(doc, outPath));
  // The figures are the answer; a conformance failure must still fail the run (and CI).
  if (!doc.conformance.ran || doc.conformance.failed > 0) process.exitCode = EXIT.failed;
}

export function gpuCheckCommand(): Command {
  return new Command('gpu-check')
    .description('report the renderer each GPU path gets here (software renderers named as such), run the headless GL conformance suite, and bench js, gpujs/headlessgl and the fast CPU backends on the standard workloads and a width sweep, in bounded time')
    .option('--short', 'the CI-sized run: two workloads, two widths, short timings (also BACKPROP_GPU_CHECK_SHORT=1)')
    .option('--out <file>', 'JSON results', 'gpu-check-results/gpu-check.json')
    .option('--json', 'print the JSON document on stdout')
    .action((flags: GpuCheckFlags) => runGpuCheck(flags));
}
