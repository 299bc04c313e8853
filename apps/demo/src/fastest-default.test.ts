/**
 * train's default backend: the fastest of js, wasm and tfjs here for the network, measured in
 * this process within its budget, checked against backend-js's loss, cached per shape.
 */
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli, scratchDir } from './test-support/run-cli.js';

interface Fastest {
  backend: { name: string; variant: string };
  fastest: { cached: boolean; seconds: number; choice: { backend: string; variant: string }; measurements: { choice: string; samplesPerSecond?: number; lossDifference?: number; reason?: string }[] };
}

describe('the default backend', () => {
  it('is measured once (js first, as the loss reference), said, and then read from the cache', async () => {
    const env = { BACKPROP_CACHE_DIR: scratchDir() };
    const first = await runCli(['train', '--dataset', 'spirals', '--epochs', '2', '--no-chart', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const a = jsonOf<Fastest>(first);
    expect(a.fastest.cached).toBe(false);
    expect(a.fastest.measurements[0]).toMatchObject({ choice: 'js/float32', lossDifference: 0 });
    const chosen = a.fastest.measurements.find((m) => m.choice === `${a.fastest.choice.backend}/${a.fastest.choice.variant}`)!;
    // The chosen one is the fastest of those measured without a reason against them.
    for (const m of a.fastest.measurements) if (m.reason === undefined) expect(chosen.samplesPerSecond).toBeGreaterThanOrEqual(m.samplesPerSecond!);
    expect(a.backend.name).toBe(a.fastest.choice.backend);
    expect(first.stderr).toMatch(/backend: \S+: the fastest here for this network/);
    const second = await runCli(['train', '--dataset', 'spirals', '--epochs', '2', '--no-chart', '--json'], { env });
    const b = jsonOf<Fastest>(second);
    expect(b.fastest.cached).toBe(true);
    expect(b.fastest.choice).toEqual(a.fastest.choice);
  });

  it('--backend tfjs without an engine measures tfjs\'s engines; an explicit backend measures nothing', async () => {
    const env = { BACKPROP_CACHE_DIR: scratchDir() };
    const tfjs = jsonOf<Fastest>(await runCli(['train', '--dataset', 'xor', '--epochs', '2', '--no-chart', '--json', '--backend', 'tfjs'], { env }));
    expect(tfjs.backend.name).toBe('tfjs');
    expect(tfjs.fastest.measurements.map((m) => m.choice)).toEqual(['tfjs/wasm', 'tfjs/tensorflow', 'tfjs/cpu']);
    const js = jsonOf<Partial<Fastest>>(await runCli(['train', '--dataset', 'xor', '--epochs', '2', '--no-chart', '--json', '--backend', 'js'], { env }));
    expect(js.fastest).toBeUndefined();
  });
});
