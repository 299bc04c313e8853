/** `backprop doctor`, run as a subprocess: what works here, and why the rest does not. */
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './test-support/run-cli.js';

interface DoctorDoc {
  machine: { cores: number; node: string };
  backends: { backend: string; variant: string; available: boolean; engine?: string; precision?: string; reason?: string; fix?: string }[];
  conformance: { backend: string; engine: string; passed: number; failed: number }[];
  autoCache: { file: string };
}

describe('backprop doctor', () => {
  it('checks every backend variant and gives a reason and a fix for each one that does not work', async () => {
    const run = await runCli(['doctor', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<DoctorDoc>(run);
    expect(doc.machine.node).toBe(process.version);
    const labels = doc.backends.map((b) => `${b.backend}/${b.variant}`);
    expect(labels).toEqual(expect.arrayContaining(['js/float32', 'js/float64', 'gpujs/headlessgl', 'gpujs/cpu', 'tfjs/wasm', 'tfjs/tensorflow']));
    const js = doc.backends.find((b) => b.backend === 'js' && b.variant === 'float32')!;
    expect(js).toMatchObject({ available: true, engine: 'float32', precision: 'float32' });
    // No browser here: gpujs's webgl modes never work in Node, and must say so.
    const webgl = doc.backends.find((b) => b.backend === 'gpujs' && b.variant === 'webgl')!;
    expect(webgl.available).toBe(false);
    // CI builds tfjs-node's addon (scripts/tfjs-node-offline.sh): there native TensorFlow must work.
    const tensorflow = doc.backends.find((b) => b.backend === 'tfjs' && b.variant === 'tensorflow')!;
    if (process.env.CI === 'true') expect(tensorflow, tensorflow.reason).toMatchObject({ available: true, engine: 'tensorflow' });
    for (const b of doc.backends.filter((x) => !x.available)) {
      expect(b.reason, `${b.backend}/${b.variant}`).toMatch(/\w{3,}/);
      expect(b.fix, `${b.backend}/${b.variant}`).toMatch(/\w{3,}/);
    }
    for (const b of doc.backends.filter((x) => x.available)) expect(b.engine, `${b.backend}/${b.variant}`).toBeTruthy();
  });

  it('prints a table for people', async () => {
    const run = await runCli(['doctor']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^js\/float32\s+ok\s+float32/m);
    expect(run.stdout).toMatch(/^gpujs\/webgl\s+unavailable/m);
    expect(run.stdout).toMatch(/backend variants work here: js\/float32/);
  });
});
