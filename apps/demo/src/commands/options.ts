/**
 * Option parsing shared by the commands: number parsers that fail with commander's own
 * "invalid argument" message, and the backend flags (`--backend` plus one variant flag per
 * backend, taken from the registry so a new backend brings its flag with it).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BACKENDS, findBackendEntry, type BackendChoice } from '../backends.js';
import { usageError } from '../errors.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number > 0.');
  return n;
}

export function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export interface BackendFlags {
  readonly backend: string;
  readonly [variantFlag: string]: unknown;
}

/** `--backend` (with `auto` when the command supports it) and each backend's variant flag. */
export function addBackendOptions(command: Command, allowAuto: boolean, defaultBackend = 'js', defaultHelp?: string): Command {
  const names = BACKENDS.map((b) => b.name);
  command.addOption(
    new Option('--backend <name>', `compute backend: ${[...names, ...(allowAuto ? ['auto'] : []), ...(defaultBackend === FASTEST ? [FASTEST] : [])].join(', ')} (or name/variant, e.g. tfjs/wasm)`).default(defaultBackend, defaultHelp),
  );
  const byFlag = new Map<string, { backends: string[]; values: Set<string> }>();
  for (const b of BACKENDS) {
    const entry = byFlag.get(b.option) ?? { backends: [], values: new Set<string>() };
    entry.backends.push(b.name);
    for (const v of [...b.variants, b.defaultVariant]) entry.values.add(v);
    byFlag.set(b.option, entry);
  }
  for (const [flag, { backends, values }] of byFlag) {
    command.addOption(new Option(`--${flag} <${flag}>`, `${backends.join('/')} ${flag}`).choices([...values]));
  }
  return command;
}

/** `train`'s default `--backend`: the fastest CPU engine here for the network (auto/quick-choice.ts). */
export const FASTEST = 'fastest';

/**
 * What `train` asks for: a concrete backend, 'auto', or the candidates to measure quickly (the
 * default, and `--backend tfjs` without --engine: its engines). A variant flag alone (`--engine
 * wasm`) names its backend.
 */
export function trainBackendRequest(flags: BackendFlags, fastest: readonly BackendChoice[], tfjsEngines: readonly BackendChoice[]): BackendChoice | 'auto' | { readonly candidates: readonly BackendChoice[] } {
  if (flags.backend === FASTEST) {
    const owner = BACKENDS.find((b) => flags[b.option] !== undefined);
    if (!owner) return { candidates: fastest };
    return backendChoiceFrom({ ...flags, backend: owner.name }, true);
  }
  const request = backendChoiceFrom(flags, true);
  if (request !== 'auto' && request.backend === 'tfjs' && !flags.backend.includes('/') && flags.engine === undefined) return { candidates: tfjsEngines };
  return request;
}

/** The backend the flags ask for, or 'auto'. Usage errors for unknown names and misplaced variant flags. */
export function backendChoiceFrom(flags: BackendFlags, allowAuto: boolean): BackendChoice | 'auto' {
  const [name, inlineVariant] = flags.backend.split('/', 2) as [string, string | undefined];
  const variantFlags = BACKENDS.map((b) => b.option).filter((flag) => flags[flag] !== undefined);
  if (name === 'auto') {
    if (!allowAuto) throw usageError("--backend auto is not available for this command", 'name a backend: ' + BACKENDS.map((b) => b.name).join(', '));
    if (variantFlags.length > 0) throw usageError(`--${variantFlags[0]} cannot be combined with --backend auto`);
    return 'auto';
  }
  const entry = findBackendEntry(name);
  if (!entry) {
    throw usageError(`unknown backend '${name}'`, `choose one of ${[...BACKENDS.map((b) => b.name), ...(allowAuto ? ['auto'] : [])].join(', ')}`);
  }
  const misplaced = variantFlags.find((flag) => flag !== entry.option);
  if (misplaced) throw usageError(`--${misplaced} does not apply to backend ${name}`, `backend ${name} takes --${entry.option} (${entry.variants.join(', ')})`);
  const flagVariant = flags[entry.option] as string | undefined;
  const variant = inlineVariant ?? flagVariant ?? entry.defaultVariant;
  if (![...entry.variants, entry.defaultVariant].includes(variant)) {
    throw usageError(`backend ${name} has no ${entry.option} '${variant}'`, `choose one of ${entry.variants.join(', ')}`);
  }
  return { backend: name, variant };
}
