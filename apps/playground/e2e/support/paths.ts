import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = join(APP_DIR, '..', '..');
/** The CLI whose `predict` must load what the playground saves. */
export const CLI = join(REPO_ROOT, 'apps', 'demo', 'dist', 'cli.js');
