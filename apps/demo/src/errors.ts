/**
 * The errors the CLI reports to users. Each carries the exit code the process ends with, so a
 * script calling `backprop` can tell bad flags from bad files from a backend missing here.
 * Anything else that escapes a command is a bug and exits with INTERNAL, still without a stack
 * trace unless BACKPROP_DEBUG is set.
 */

export const EXIT = {
  ok: 0,
  /** Training or a measurement failed at run time (diverged, crashed child process). */
  failed: 1,
  /** Bad command line: unknown flag, command, dataset, or a value out of range. */
  usage: 2,
  /** A file given to the command is missing, malformed, or does not fit the data. */
  badInput: 3,
  /** The backend asked for cannot run on this machine. */
  backendUnavailable: 4,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorKind = 'usage' | 'badInput' | 'backendUnavailable' | 'failed';

/** An error meant for the user: its message is the whole story, `hint` says what to do. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  get exitCode(): ExitCode {
    return EXIT[this.kind];
  }
}

export const usageError = (message: string, hint?: string): CliError => new CliError('usage', message, hint);
export const inputError = (message: string, hint?: string): CliError => new CliError('badInput', message, hint);
