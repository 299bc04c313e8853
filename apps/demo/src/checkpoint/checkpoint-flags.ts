/**
 * `backprop train`'s checkpoint flags: --checkpoint FILE, --checkpoint-every N (epochs) or Ns
 * (seconds), --resume FILE. What they ask of core's fit (checkpoint, resumeFrom), checked before
 * any data is read.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { usageError } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { resolve } from 'node:path';

export interface CheckpointFlags {
  readonly checkpoint?: string;
  readonly checkpointEvery?: { readonly epochs: number } | { readonly seconds: number };
  readonly resume?: string;
}

/** What a checkpointed run needs: where to write, how often, and where to resume from. */
export interface CheckpointRequest {
  readonly path: string;
  readonly every: { readonly epochs: number } | { readonly seconds: number };
  readonly resume?: string;
}

/** `--checkpoint-every`: `5` is every 5 epochs, `30s` every 30 seconds (checked at epoch ends). */
export function checkpointEvery(value: string): { epochs: number } | { seconds: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s?)\s*$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (match?.[2] === 's' && Number.isFinite(n) && n > 0) return { seconds: n };
  if (match && match[2] === '' && Number.isSafeInteger(n) && n >= 1) return { epochs: n };
  throw new InvalidArgumentError('must be a number of epochs (5) or of seconds (30s).');
}

export function addCheckpointOptions(command: Command): Command {
  return command
    .option('--checkpoint <file>', 'write a checkpoint here while training (atomically; default every epoch): Ctrl-C or SIGTERM then stops after the current epoch, and --resume goes on exactly')
    .option('--checkpoint-every <n|Ns>', 'with --checkpoint: every n epochs (5) or every N seconds (30s)', checkpointEvery)
    .option('--resume <file>', 'go on from this checkpoint, with the same command line it was written by (checked: another network, data or option is refused); keeps checkpointing to it unless --checkpoint names another file');
}

/** The checkpoint request of these flags, or undefined when they ask for none; usage errors for misuse. */
export function checkpointRequestFrom(flags: CheckpointFlags, augmented: boolean): CheckpointRequest | undefined {
  if (flags.checkpoint === undefined && flags.resume === undefined) {
    if (flags.checkpointEvery !== undefined) throw usageError('--checkpoint-every needs --checkpoint');
    return undefined;
  }
  if (augmented) {
    throw usageError('--checkpoint and --resume need a dataset trained in one fit call; this one shifts its inputs every epoch (one fit per epoch)', 'use a table (--data) or a dataset without augmentation');
  }
  const path = resolve(flags.checkpoint ?? flags.resume!);
  ensureParentDirectory(path, 'checkpoint', 'checkpoint.json');
  return { path, every: flags.checkpointEvery ?? { epochs: 1 }, ...(flags.resume !== undefined ? { resume: resolve(flags.resume) } : {}) };
}
