#!/usr/bin/env node
/**
 * The `backprop` command line: train, predict, bench, doctor. Every failure a user can cause
 * ends with a one-line message, a hint where there is one, and a documented exit code (see
 * errors.ts), never a stack trace; BACKPROP_DEBUG=1 shows the stack of unexpected errors.
 */
import { BackpropError, ModelFormatError, NonFiniteLossError } from '@backprop/core';
import { DataError } from '@backprop/data';
import { Command, CommanderError } from 'commander';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand } from './commands/export.js';
import { gpuCheckCommand } from './commands/gpu-check.js';
import { importCommand } from './commands/import.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { withStreaming } from './stream/with-streaming.js';
import { CliError, EXIT, type ExitCode } from './errors.js';

const wantsJson = process.argv.includes('--json');

function report(kind: string, message: string, exitCode: ExitCode, hint?: string): void {
  process.stderr.write(`error: ${message}\n${hint ? `hint: ${hint}\n` : ''}`);
  if (wantsJson) process.stdout.write(JSON.stringify({ error: { kind, message, ...(hint ? { hint } : {}), exitCode } }, null, 2) + '\n');
  process.exitCode = exitCode;
}

const USER_PATH_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EROFS', 'EEXIST']);

/** Errors from core become user errors: its messages already name the operation and the values. */
function classify(error: unknown): CliError | undefined {
  if (error instanceof CliError) return error;
  if (error instanceof NonFiniteLossError) return new CliError('failed', error.message, 'try a smaller --lr');
  if (error instanceof ModelFormatError) return new CliError('badInput', error.message);
  // A table the user gave (its file, line and column are in the message).
  if (error instanceof DataError) return new CliError('badInput', error.message);
  // A path the user gave that cannot be read or written.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && USER_PATH_ERRORS.has(code)) return new CliError('badInput', (error as Error).message, 'check the paths given on the command line');
  if (error instanceof BackpropError) return new CliError('usage', error.message);
  return undefined;
}

function handle(error: unknown): void {
  if (error instanceof CommanderError) {
    // --help and --version are "errors" to commander; they printed what was asked.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      process.exitCode = EXIT.ok;
      return;
    }
    // No command at all: commander printed the help; it is still a usage error for scripts.
    if (error.code === 'commander.help') {
      process.exitCode = EXIT.usage;
      return;
    }
    report('usage', error.message.replace(/^error: /, ''), EXIT.usage, 'see `backprop --help` or `backprop <command> --help`');
    return;
  }
  const known = classify(error);
  if (known) {
    report(known.kind, known.message, known.exitCode, known.hint);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  report('internal', `unexpected failure: ${message}`, EXIT.internal, 'this is a bug; rerun with BACKPROP_DEBUG=1 for the stack trace and report it');
  if (process.env.BACKPROP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
}

const program = new Command('backprop')
  .description('Feed-forward neural networks on interchangeable backends: train on real digits, compare backends, choose one for this machine')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride()
  // Commander prints its own errors; we print them once, formatted like every other error.
  .configureOutput({ writeErr: (text) => (text.startsWith('error:') ? undefined : process.stderr.write(text)) });

for (const command of [withStreaming(trainCommand()), predictCommand(), exportCommand(), importCommand(), benchCommand(), doctorCommand(), gpuCheckCommand()]) {
  program.addCommand(command.exitOverride().configureOutput({ writeErr: (text) => (text.startsWith('error:') ? undefined : process.stderr.write(text)) }));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  handle(error);
}
// Worker threads or GL contexts of a backend may keep the event loop alive after the answer, so
// the process exits explicitly; but only once stdout and stderr have taken everything written:
// on a pipe they are asynchronous, and exiting at once cut a large `--json` document short.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
process.exit();
