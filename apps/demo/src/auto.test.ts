/** `--backend auto` and the library's chooseBackend: measure, choose a correct fast backend, cache the choice. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from './test-support/paths.js';
import { jsonOf, runCli, scratchDir } from './test-support/run-cli.js';

interface Measurement {
  backend: string;
  variant: string;
  available: boolean;
  eligible: boolean;
  samplesPerSecond?: number;
  lossDifference?: number;
  reason?: string;
}

interface Decision {
  choice: { backend: string; variant: string };
  cached: boolean;
  cacheFile: string;
  measurements: Measurement[];
}

describe('backend auto', () => {
  it('measures the backends, trains on the fastest eligible one, and reuses the cached choice', async () => {
    const cache = scratchDir();
    const env = { BACKPROP_CACHE_DIR: cache };
    const first = await runCli(['train', '--dataset', 'xor', '--backend', 'auto', '--epochs', '20', '--no-chart', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const doc = jsonOf<{ auto: Decision; backend: { name: string; variant: string } }>(first);
    const { auto } = doc;
    expect(auto.cached).toBe(false);
    expect(auto.cacheFile).toBe(join(cache, 'auto-backend.json'));
    expect(existsSync(auto.cacheFile)).toBe(true);
    expect(doc.backend).toMatchObject({ name: auto.choice.backend, variant: auto.choice.variant });
    const chosen = auto.measurements.find((m) => m.backend === auto.choice.backend && m.variant === auto.choice.variant)!;
    expect(chosen.eligible).toBe(true);
    for (const m of auto.measurements.filter((x) => x.eligible)) expect(m.samplesPerSecond!).toBeLessThanOrEqual(chosen.samplesPerSecond!);
    for (const m of auto.measurements.filter((x) => !x.eligible)) expect(m.reason, `${m.backend}/${m.variant}`).toBeTruthy();
    // The reference itself, and every eligible backend, agree with js within the tolerance.
    expect(auto.measurements.find((m) => m.backend === 'js')!.lossDifference).toBe(0);
    expect(first.stderr).toContain(`auto: chose ${auto.choice.backend}/${auto.choice.variant}`);

    const second = await runCli(['train', '--dataset', 'xor', '--backend', 'auto', '--epochs', '20', '--no-chart', '--json'], { env });
    expect(second.code, second.stderr).toBe(0);
    const again = jsonOf<{ auto: Decision }>(second).auto;
    expect(again.cached).toBe(true);
    expect(again.choice).toEqual(auto.choice);
  });

  it('is a library function too: chooseBackend from the built package', async () => {
    const lib = (await import(join(DEMO_DIR, 'dist', 'index.js'))) as typeof import('./index.js');
    const cacheDir = scratchDir();
    const decision = await lib.chooseBackend({
      network: { inputSize: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'softmaxCrossEntropy' },
      batchSize: 16,
      candidates: [{ backend: 'js', variant: 'float32' }, { backend: 'gpujs', variant: 'webgl' }],
      cacheDir,
    });
    expect(decision.choice).toEqual({ backend: 'js', variant: 'float32' });
    const webgl = decision.measurements.find((m) => m.variant === 'webgl')!;
    expect(webgl).toMatchObject({ available: false, eligible: false });
    expect(webgl.reason).toBeTruthy();
    const cached = await lib.chooseBackend({ network: { inputSize: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'softmaxCrossEntropy' }, batchSize: 16, candidates: [{ backend: 'js', variant: 'float32' }, { backend: 'gpujs', variant: 'webgl' }], cacheDir });
    expect(cached.cached).toBe(true);
  });
});
