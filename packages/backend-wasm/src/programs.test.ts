/**
 * The kernels printed from core's programs at build time: every program core can hand a backend
 * has its export in both modules; a kind added to core (ELU) runs fused here, through the
 * generated export, with values that match core's reference; a program this build lacks fails
 * with an error that names it and says how to rebuild.
 */
import { allPrograms, BackpropError, defineProgram, expr, Ops, type Matrix } from '@backprop/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createWasmBackend } from './create-wasm-backend.js';
import { denseExportName, loadKernelModule, programExportName } from './kernels.js';

const exportsOf = async (shared: boolean): Promise<Set<string>> => new Set(WebAssembly.Module.exports(await loadKernelModule(shared)).map((e) => e.name));

describe('generated program kernels', () => {
  it('every program of core has a kernel in both modules (the build printed them all)', async () => {
    for (const shared of [false, true]) {
      const names = await exportsOf(shared);
      const missing = allPrograms()
        .map((p) => programExportName(p.key))
        .filter((name) => !names.has(name));
      expect(missing).toEqual([]);
    }
  });

  describe.each(['single', 'threads'] as const)('ELU on wasm %s', (mode) => {
    const made = createWasmBackend({ mode });
    afterAll(async () => (await made).close());

    const values = [-30, -2.5, -1, -0.25, 0, 0.5, 1, 3, -0.001, 7, -6, 2];
    const read = async (ops: Ops, m: Matrix): Promise<number[]> => Array.from(await ops.read(m));

    it('is fused: forward and backward run the generated exports, matching core reference', async () => {
      const backend = await made;
      await backend.threadsReady();
      const ops = new Ops(backend);
      expect(ops.isFused('activation', { activation: 'elu' })).toBe(true);
      expect(ops.isFused('activationBackward', { activation: 'elu' })).toBe(true);
      const names = await exportsOf(backend.info.sharedMemory);
      expect(names.has(programExportName('activation.forward.elu'))).toBe(true);
      expect(names.has(programExportName('activation.backward.elu'))).toBe(true);

      const spy = vi.spyOn(backend, 'elementwise');
      const spec = { kind: 'elu', alpha: 0.7 } as const;
      const z = ops.fromArray(values, 3, 4);
      const a = ops.activation(spec, z);
      const e = ops.fromArray(values.map((v) => v / 3 + 1), 3, 4);
      const dz = ops.activationBackward(spec, e, z, a);
      expect(spy.mock.calls.map((call) => call[0].key)).toEqual(['activation.forward.elu', 'activation.backward.elu']);
      spy.mockRestore();

      const refA = ops.referenceOf('activation')(spec, z);
      const refDz = ops.referenceOf('activationBackward')(spec, e, z, refA);
      const [got, want, gotDz, wantDz] = await Promise.all([read(ops, a), read(ops, refA), read(ops, dz), read(ops, refDz)]);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
      gotDz.forEach((v, i) => expect(v).toBeCloseTo(wantDz[i]!, 6));
      // The formula itself, not only agreement: α·(e^z − 1) below 0, z above.
      expect(got[1]).toBeCloseTo(0.7 * (Math.exp(-2.5) - 1), 6);
      expect(got[7]).toBe(3);
      for (const m of [z, a, e, dz, refA, refDz]) ops.dispose(m);
    });

    it('is fused in the dense layer: bias and ELU in the generated epilogue', async () => {
      const backend = await made;
      const ops = new Ops(backend);
      expect(ops.isFused('denseForward', { activation: 'elu' })).toBe(true);
      expect((await exportsOf(backend.info.sharedMemory)).has(denseExportName('elu'))).toBe(true);
      const spec = { kind: 'elu', alpha: 1 } as const;
      const x = ops.fromArray(values, 3, 4);
      const w = ops.fromArray([0.5, -1, 0.25, 2, -0.75, 1, 0.1, 0.3], 4, 2);
      const b = ops.fromArray([-0.5, 0.25], 1, 2);
      const { z, a } = ops.denseForward(x, w, b, spec);
      const ref = ops.referenceOf('denseForward')(x, w, b, spec);
      const [gz, ga, rz, ra] = await Promise.all([read(ops, z), read(ops, a), read(ops, ref.z), read(ops, ref.a)]);
      gz.forEach((v, i) => expect(v).toBeCloseTo(rz[i]!, 4));
      ga.forEach((v, i) => expect(v).toBeCloseTo(ra[i]!, 4));
      expect(ga.some((v) => v < 0)).toBe(true);
      for (const m of [x, w, b, z, a, ref.z, ref.a]) ops.dispose(m);
    });
  });

  it('a program these kernels were built without fails with its name and how to rebuild', async () => {
    const backend = await createWasmBackend({ mode: 'single' });
    const program = defineProgram('activation.forward.addedAfterThisBuild', [{ name: 'a', expr: expr.exp(expr.input('z')) }], { inputs: ['z'], params: [] });
    const z = backend.fromArray([1, 2], 1, 2);
    const live = backend.liveHandles();
    let error: unknown;
    try {
      backend.elementwise(program, [z], []);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackpropError);
    expect(String((error as Error).message)).toMatch(/activation\.forward\.addedAfterThisBuild.*rebuild them with `pnpm --filter @backprop\/backend-wasm build`/);
    // Nothing was allocated for the outputs before the check.
    expect(backend.liveHandles()).toBe(live);
    backend.close();
  });
});
