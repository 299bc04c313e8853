/**
 * Ctrl-C and SIGTERM during a checkpointed `backprop train`: the first asks core's fit to stop at
 * the end of the current epoch (fit's `signal`; core stops at epoch boundaries, where its state
 * is whole: the fused host path runs a whole epoch in one call) and write its checkpoint; a
 * second stops the process at once. Stopping at once corrupts nothing: a checkpoint is replaced
 * only by a rename of a complete, synced file, so the previous one stays whole.
 */

export type StopSignalName = 'SIGINT' | 'SIGTERM';

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT: Record<StopSignalName, number> = { SIGINT: 130, SIGTERM: 143 };

export interface InterruptListener {
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignalName | undefined;
  /** Stops listening (the default handlers come back). */
  dispose(): void;
}

export function listenForInterrupt(note: (text: string) => void): InterruptListener {
  const controller = new AbortController();
  let received: StopSignalName | undefined;
  const on = (name: StopSignalName) => (): void => {
    if (received !== undefined) {
      note(`${name} again: stopping now; the last checkpoint written is intact`);
      process.exit(SIGNAL_EXIT[name]);
    }
    received = name;
    note(`${name}: stopping after this epoch to write a checkpoint (${name === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again stops at once)`);
    controller.abort();
  };
  const handlers = { SIGINT: on('SIGINT'), SIGTERM: on('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    },
  };
}

/** The command that goes on from `checkpoint`: this run's arguments, with --resume pointing at it. */
export function resumeCommand(argv: readonly string[], checkpoint: string): string {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--resume') {
      i++;
      continue;
    }
    if (argv[i]!.startsWith('--resume=')) continue;
    args.push(argv[i]!);
  }
  const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  return ['backprop', ...args, '--resume', checkpoint].map(quote).join(' ');
}
