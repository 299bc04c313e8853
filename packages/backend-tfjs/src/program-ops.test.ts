import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  ACTIVATION_COMPOSITES,
  ACTIVATIONS,
  allPrograms,
  COMPOSITE_OPS,
  createNetwork,
  fit,
  LOSSES,
  Ops,
  referenceOps,
  runOnPrimitives,
  type CompositeOps,
  type Matrix,
  type Program,
} from '@backprop/core';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';
import { TEST_ENGINES } from './test-support/engines.js';
import { expectClose, FLOAT32_ACCUMULATED, seededMatrix, seededValues } from '@backprop/test-kit';

/** A value for every param name a program may read (Adam's c1, c2 for step 3). */
const PARAMS: Readonly<Record<string, number>> = {
  alpha: 0.2,
  batch: 17,
  lr: 0.05,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  c1: 1 - 0.9 ** 3,
  c2: 1 - 0.999 ** 3,
};

/** Inputs read as probabilities, targets or second moments lie in (0, 1); the others in [−4, 4]. */
const UNIT_INPUTS = new Set(['a', 'y', 'v']);

const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 9],
  [9, 1],
  [17, 5],
];

/**
 * Every program core can hand a backend (allPrograms: each activation forward and backward, each
 * loss with each output activation it pairs with, each update rule), run through `elementwise`,
 * against core's reference (the same program on this backend's own primitives), and the generic
 * fused `denseForward` for every activation.
 */
describe.each(TEST_ENGINES)('elementwise on the %s engine matches core reference', (engine) => {
  let backend: TfjsBackend;
  let reference: CompositeOps;
  let seed = 7;

  beforeAll(async () => {
    backend = await createTfjsBackend({ engine });
    reference = referenceOps(backend);
  });

  function randomMatrix(rows: number, cols: number, lo = -2, hi = 2): Matrix {
    return backend.fromArray(seededValues(rows * cols, seed++, lo, hi), rows, cols);
  }

  /** Reads the fused and the reference results, compares them, frees all. */
  function same(fusedOut: Matrix, referenceOut: Matrix, what: string): void {
    expect([fusedOut.rows, fusedOut.cols], what).toEqual([referenceOut.rows, referenceOut.cols]);
    expectClose(backend.readSync!(fusedOut), backend.readSync!(referenceOut), FLOAT32_ACCUMULATED, what);
    backend.dispose(fusedOut);
    if (referenceOut !== fusedOut) backend.dispose(referenceOut);
  }

  function free(...ms: Matrix[]): void {
    for (const m of ms) backend.dispose(m);
  }

  it.each(allPrograms().map((p) => [p.key, p] as const))('%s', (_key, program: Program) => {
    for (const [rows, cols] of SHAPES) {
      const inputs = program.inputs.map((name) => (UNIT_INPUTS.has(name) ? randomMatrix(rows, cols, 0.05, 0.95) : randomMatrix(rows, cols, -4, 4)));
      const params = program.params.map((name) => PARAMS[name]!);
      const fused = backend.elementwise(program, inputs, params);
      const ref = runOnPrimitives(backend, program, inputs, params);
      program.outputs.forEach((o, i) => {
        expect(fused[i], o.name).toMatchObject(o.reduce ? { rows: 1, cols: 1 } : { rows, cols });
        same(fused[i]!, ref[i]!, `${program.key} ${o.name} [${rows},${cols}]`);
      });
      free(...inputs);
    }
  });

  it('leakyRelu with alpha 0 and an infinite error gives 0, not NaN (the select is kept)', () => {
    const program = allPrograms().find((p) => p.key === 'activation.backward.leakyRelu')!;
    const e = backend.fromArray([Infinity, -Infinity, 2], 1, 3);
    const z = backend.fromArray([-1, -2, 3], 1, 3);
    const [dZ] = backend.elementwise(program, [e, z], [0]);
    expect(Array.from(backend.readSync!(dZ!))).toEqual([0, 0, 2]);
    free(e, z, dZ!);
  });

  for (const kind of ACTIVATIONS) {
    it(`denseForward: ${kind}`, () => {
      const spec = { kind, alpha: 0.2 };
      for (const [batch, inputs, outputs] of [[1, 1, 1], [5, 9, 3], [33, 17, 10]] as const) {
        const [x, w, b] = [randomMatrix(batch, inputs), randomMatrix(inputs, outputs), randomMatrix(1, outputs)];
        const mine = backend.denseForward(x, w, b, spec);
        const theirs = reference.denseForward(x, w, b, spec);
        if (kind === 'linear') expect(mine.a).toBe(mine.z);
        else same(mine.a, theirs.a, `denseForward ${kind} a`);
        same(mine.z, theirs.z, `denseForward ${kind} z`);
        free(x, w, b);
      }
    });
  }

  it('softmax cross-entropy stays finite for logits far apart', () => {
    const ops = new Ops(backend);
    const spec = { kind: 'softmax' as const, alpha: 0 };
    const z = backend.fromArray([200, -200, 0, 0, 0, 500], 2, 3);
    const y = backend.fromArray([0, 1, 0, 1, 0, 0], 2, 3);
    const a = ops.activation(spec, z);
    const { loss, error } = ops.outputError('softmaxCrossEntropy', spec, z, a, y);
    // Row 0: −log softmax(z)₁ = 400; row 1: −log softmax(z)₀ = 500; mean 450.
    expectClose(backend.readSync!(loss), [450], FLOAT32_ACCUMULATED, 'loss');
    expectClose(backend.readSync!(error), [0.5, -0.5, 0, -0.5, 0, 0.5], FLOAT32_ACCUMULATED, 'error');
    free(z, y, a, loss, error);
  });

  it('leaves no tensor and no handle behind', () => {
    const ops = new Ops(backend);
    const tensors = tf.memory().numTensors;
    const handles = backend.liveHandles();
    const spec = { kind: 'softmax' as const, alpha: 0 };
    const [x, w, b] = [randomMatrix(8, 5), randomMatrix(5, 3), randomMatrix(1, 3)];
    const y = backend.fromArray([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0], 8, 3);
    const { z, a } = ops.denseForward(x, w, b, spec);
    const { loss, error } = ops.outputError('softmaxCrossEntropy', spec, z, a, y);
    const back = ops.activationBackward(spec, error, z, a);
    const lin = ops.activation({ kind: 'linear', alpha: 0 }, z);
    const adam = ops.adamUpdate(w, w, w, w, { lr: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-7, step: 3 });
    free(x, w, b, y, z, a, loss, error, back, lin, adam.w, adam.m, adam.v);
    expect(backend.liveHandles()).toBe(handles);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

/**
 * Every kind in core's registries is fused here, with no per-kind code in this package: ELU,
 * added to core as one file after this backend's kernels were written, runs as this backend's
 * own tfjs ops (not core's primitive-by-primitive reference) and trains.
 */
describe.each(TEST_ENGINES)('every kind fused on the %s engine', (engine) => {
  let backend: TfjsBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend({ engine });
  });

  it('Ops reports every composite fused for every activation and loss', () => {
    const ops = new Ops(backend);
    for (const name of COMPOSITE_OPS) {
      for (const activation of ACTIVATIONS) for (const loss of LOSSES) expect(ops.isFused(name, { activation, loss }), `${name} ${activation} ${loss}`).toBe(true);
    }
    expect(ops.overrides()).toEqual(COMPOSITE_OPS);
    expect(ACTIVATION_COMPOSITES.every((name) => ops.isFused(name, { activation: 'elu' }))).toBe(true);
  });

  it('a network with ELU layers trains through its programs, run as tfjs ops', async () => {
    const spy = vi.spyOn(backend, 'elementwise');
    const network = createNetwork(backend, { inputSize: 3, layers: [{ units: 8, activation: 'elu' }, { units: 2, activation: 'elu', alpha: 0.5 }], loss: 'mse', seed: 5 });
    const x = seededMatrix(32, 3, 7, -1, 1);
    const y = { rows: 32, cols: 2, data: Float64Array.from({ length: 64 }, (_, i) => Math.sin(x.data[(i >> 1) * 3]! + (i & 1))) };
    const history = await fit(network, x, y, { epochs: 30, batchSize: 8, optimizer: { kind: 'adam', lr: 0.02 }, shuffle: false });
    const keys = new Set(spy.mock.calls.map(([program]) => program.key));
    for (const key of ['activation.backward.elu', 'outputError.mse.elu', 'update.adam']) expect(keys).toContain(key);
    expect(history.epochs.at(-1)!.loss).toBeLessThan(history.epochs[0]!.loss * 0.7);
    // The forward is denseForward's: the activation's program after the product, matching the reference.
    const ops = new Ops(backend);
    const spec = { kind: 'elu' as const, alpha: 0.7 };
    const [xm, w, b] = [backend.fromArray(x.data.slice(0, 15), 5, 3), backend.fromArray(seededValues(6, 3, -1, 1), 3, 2), backend.fromArray([0.1, -0.1], 1, 2)];
    const mine = ops.denseForward(xm, w, b, spec);
    const theirs = ops.referenceOf('denseForward')(xm, w, b, spec);
    expectClose(backend.readSync!(mine.a), backend.readSync!(theirs.a), FLOAT32_ACCUMULATED, 'elu a');
    for (const m of [xm, w, b, mine.z, mine.a, theirs.z, theirs.a]) backend.dispose(m);
    network.dispose();
    expect(backend.liveHandles()).toBe(0);
    spy.mockRestore();
  });
});
