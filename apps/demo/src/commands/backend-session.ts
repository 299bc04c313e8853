/**
 * Starting the backend a command asked for, as a user-facing step: an unavailable backend
 * becomes a CliError with the reason and the fix; `auto` runs chooseBackend and says what it
 * chose and why.
 */
import type { Backend, NetworkSpec } from '@backprop/core';
import { chooseBackend, type BackendDecision } from '../auto/choose-backend.js';
import { BackendUnavailableError, choiceLabel, createBackend, type BackendChoice } from '../backends.js';
import { CliError } from '../errors.js';
import { formatColumns, thousands, type Output } from '../output.js';

export interface StartedBackend {
  readonly backend: Backend;
  readonly choice: BackendChoice;
  readonly decision?: BackendDecision;
}

export async function startBackend(choice: BackendChoice): Promise<Backend> {
  try {
    return await createBackend(choice);
  } catch (error) {
    if (error instanceof BackendUnavailableError) throw new CliError('backendUnavailable', error.message, error.fix);
    throw error;
  }
}

/** Relative differences are tiny when backends agree: show them in scientific notation then. */
function lossDifferenceText(d: number | undefined): string {
  if (d === undefined) return '-';
  if (d === 0) return '0';
  return d < 1e-3 ? d.toExponential(1) : `${(d * 100).toFixed(2)}%`;
}

export function decisionTable(decision: BackendDecision): string {
  const rows = decision.measurements.map((m) => [
    m.backend === decision.choice.backend && m.variant === decision.choice.variant ? '→' : ' ',
    `${m.backend}/${m.variant}`,
    m.samplesPerSecond === undefined ? '-' : thousands(m.samplesPerSecond),
    m.msPerStep === undefined ? '-' : m.msPerStep.toFixed(3),
    lossDifferenceText(m.lossDifference),
    m.conformance ?? '-',
    m.eligible ? 'eligible' : m.available ? (m.reason ?? 'not eligible') : 'unavailable here (`backprop doctor` says why)',
  ]);
  return formatColumns([[' ', 'backend', 'samples/s', 'ms/step', 'Δloss vs js (rel.)', 'conformance', 'verdict'], ...rows], new Set([2, 3, 4]));
}

export async function startBackendOrAuto(
  request: BackendChoice | 'auto',
  network: NetworkSpec,
  batchSize: number,
  output: Output,
  refresh = false,
): Promise<StartedBackend> {
  if (request !== 'auto') return { backend: await startBackend(request), choice: request };
  output.note('auto: measuring the backends available here on this network shape…');
  const decision = await chooseBackend({ network, batchSize, refresh, onProgress: (line) => output.note(line) });
  output.note(
    `auto: chose ${choiceLabel(decision.choice)}${decision.cached ? ` (cached decision from ${decision.measuredAt}, ${decision.cacheFile}; --refresh-auto to measure again)` : ''}\n` +
      decisionTable(decision),
  );
  return { backend: await startBackend(decision.choice), choice: decision.choice, decision };
}
