/**
 * This machine, as far as speed is concerned: the same CPU, core count, OS and Node version give
 * the same backend ranking, so `auto` decisions are cached under this fingerprint.
 */
import { createHash } from 'node:crypto';
import { arch, cpus, homedir, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';

export interface MachineDescription {
  readonly host: string;
  readonly cpu: string;
  readonly cores: number;
  readonly platform: string;
  readonly node: string;
  readonly memoryGiB: number;
}

export function describeMachine(): MachineDescription {
  const list = cpus();
  return {
    host: hostname(),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    platform: `${platform()}-${arch()}`,
    node: process.version,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

export function machineFingerprint(m: MachineDescription = describeMachine()): string {
  return createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 16);
}

/** BACKPROP_CACHE_DIR, else $XDG_CACHE_HOME/backprop, else ~/.cache/backprop. */
export function defaultCacheDir(): string {
  if (process.env.BACKPROP_CACHE_DIR) return process.env.BACKPROP_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'backprop');
}
