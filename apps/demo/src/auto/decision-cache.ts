/**
 * The `auto` decisions measured on this machine, one JSON file in the cache folder, keyed by
 * machine fingerprint and network shape. Written atomically, so two CLIs racing leave one whole
 * file; a file that cannot be read is treated as empty (it is only a cache).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@backprop/core/node';

const FILE_NAME = 'auto-backend.json';
const VERSION = 1;

interface CacheFile<T> {
  readonly version: number;
  readonly decisions: Record<string, T>;
}

export function cacheFilePath(dir: string): string {
  return join(dir, FILE_NAME);
}

function readCache<T>(dir: string): CacheFile<T> {
  try {
    const parsed = JSON.parse(readFileSync(cacheFilePath(dir), 'utf8')) as Partial<CacheFile<T>>;
    if (parsed.version === VERSION && typeof parsed.decisions === 'object' && parsed.decisions !== null) return { version: VERSION, decisions: parsed.decisions };
  } catch {
    // Missing or damaged: start afresh.
  }
  return { version: VERSION, decisions: {} };
}

export function readDecision<T>(dir: string, key: string): T | undefined {
  return readCache<T>(dir).decisions[key];
}

export async function writeDecision<T>(dir: string, key: string, decision: T): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const cache = readCache<T>(dir);
  await writeFileAtomic(cacheFilePath(dir), JSON.stringify({ version: VERSION, decisions: { ...cache.decisions, [key]: decision } }, null, 2) + '\n');
}
