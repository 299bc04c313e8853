/** The fix `doctor` and `--backend` print for a backend that cannot start, from its reason. */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { suggestFix } from './backend-fixes.js';

const tfjs = BACKENDS.find((b) => b.name === 'tfjs')!;

describe('suggestFix', () => {
  it('points a tfjs-node that cannot load at the offline build script, and at the plain install', () => {
    // The reason backend-tfjs gives when tfjs-node's install could not download libtensorflow.
    const reason =
      "createTfjsBackend: engine 'tensorflow' needs @tensorflow/tfjs-node, which cannot load here " +
      '(its native addon tfjs_binding.node is missing (its install script could not download libtensorflow))';
    const fix = suggestFix(reason, tfjs);
    expect(fix).toContain('bash scripts/tfjs-node-offline.sh');
    expect(fix).toContain('@tensorflow/tfjs-node@4.22.0');
    expect(fix).toContain('--engine wasm');
  });

  it('says to install and build a package that is not there', () => {
    expect(suggestFix("Cannot find package '@backprop/backend-tfjs'", tfjs)).toContain('pnpm --filter @backprop/backend-tfjs build');
  });
});
