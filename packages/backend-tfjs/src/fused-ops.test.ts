import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { referenceOps, type CompositeOps, type Matrix } from '@backprop/core';
import { TFJS_FUSED_ACTIVATIONS, type TfjsActivationSpec, type TfjsFusedLoss } from './fused-ops.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';
import { TEST_ENGINES } from './test-support/engines.js';
import { expectClose, FLOAT32_ACCUMULATED, seededValues } from '@backprop/test-kit';

const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 9],
  [9, 1],
  [17, 5],
];

// The kinds this backend fuses; core runs the others on its reference (conformance covers them).
const LOSS_CASES: readonly (readonly [TfjsFusedLoss, TfjsActivationSpec])[] = [
  ...TFJS_FUSED_ACTIVATIONS.map((kind) => ['mse', { kind, alpha: 0.1 }] as const),
  ['softmaxCrossEntropy', { kind: 'softmax', alpha: 0 }],
  ['sigmoidBinaryCrossEntropy', { kind: 'sigmoid', alpha: 0 }],
];

/**
 * Every fused override against core's reference composite, run on the same backend's own
 * primitives: the override must mean what the reference means, to float32 rounding.
 */
describe.each(TEST_ENGINES)('fused overrides on the %s engine match core reference-ops', (engine) => {
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

  /** Reads the override's and the reference's results, compares them, frees all. */
  function same(fusedOut: Matrix, referenceOut: Matrix, what: string): void {
    expect([fusedOut.rows, fusedOut.cols], what).toEqual([referenceOut.rows, referenceOut.cols]);
    expectClose(backend.readSync!(fusedOut), backend.readSync!(referenceOut), FLOAT32_ACCUMULATED, what);
    backend.dispose(fusedOut);
    backend.dispose(referenceOut);
  }

  function free(...ms: Matrix[]): void {
    for (const m of ms) backend.dispose(m);
  }

  for (const kind of TFJS_FUSED_ACTIVATIONS) {
    const spec: TfjsActivationSpec = { kind, alpha: 0.2 };

    it(`activation and activationBackward: ${kind}`, () => {
      for (const [rows, cols] of SHAPES) {
        const z = randomMatrix(rows, cols, -4, 4);
        const dA = randomMatrix(rows, cols);
        const a = backend.activation(spec, z);
        same(backend.activation(spec, z), reference.activation(spec, z), `${kind} [${rows},${cols}]`);
        same(backend.activationBackward(spec, dA, z, a), reference.activationBackward(spec, dA, z, a), `${kind}' [${rows},${cols}]`);
        free(z, dA, a);
      }
    });

    it(`denseForward: ${kind}`, () => {
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

  for (const [loss, spec] of LOSS_CASES) {
    it(`outputError and lossValue: ${loss} after ${spec.kind}`, () => {
      for (const [rows, cols] of SHAPES) {
        const z = randomMatrix(rows, cols, -3, 3);
        const a = backend.activation(spec, z);
        // Targets as the loss expects them: one-hot rows for softmax, 0/1 for sigmoid, any for mse.
        const values = seededValues(rows * cols, seed++, 0, 1).map((v, i) =>
          loss === 'softmaxCrossEntropy' ? (i % cols === (Math.floor(i / cols) * 3) % cols ? 1 : 0) : loss === 'mse' ? v : Math.round(v),
        );
        const y = backend.fromArray(values, rows, cols);
        const mine = backend.outputError(loss, spec, z, a, y);
        const theirs = reference.outputError(loss, spec, z, a, y);
        same(mine.loss, theirs.loss, `${loss} loss [${rows},${cols}]`);
        same(mine.error, theirs.error, `${loss} error [${rows},${cols}]`);
        same(backend.lossValue(loss, spec, z, a, y), reference.lossValue(loss, spec, z, a, y), `${loss} lossValue`);
        free(z, a, y);
      }
    });
  }

  it('softmax cross-entropy stays finite for logits far apart', () => {
    const spec: TfjsActivationSpec = { kind: 'softmax', alpha: 0 };
    const z = backend.fromArray([200, -200, 0, 0, 0, 500], 2, 3);
    const y = backend.fromArray([0, 1, 0, 1, 0, 0], 2, 3);
    const a = backend.activation(spec, z);
    const { loss, error } = backend.outputError('softmaxCrossEntropy', spec, z, a, y);
    // Row 0: −log softmax(z)₁ = 400; row 1: −log softmax(z)₀ = 500; mean 450.
    expectClose(backend.readSync!(loss), [450], FLOAT32_ACCUMULATED, 'loss');
    expectClose(backend.readSync!(error), [0.5, -0.5, 0, -0.5, 0, 0.5], FLOAT32_ACCUMULATED, 'error');
    free(z, y, a, loss, error);
  });

  it('optimizer updates: sgd, momentum, adam', () => {
    for (const [rows, cols] of SHAPES) {
      const [w, g, v, m] = [randomMatrix(rows, cols), randomMatrix(rows, cols), randomMatrix(rows, cols), randomMatrix(rows, cols)];
      const vPositive = backend.unary('abs', v);
      same(backend.sgdUpdate(w, g, 0.05), reference.sgdUpdate(w, g, 0.05), 'sgd');
      const mineM = backend.momentumUpdate(w, v, g, 0.05, 0.9);
      const theirsM = reference.momentumUpdate(w, v, g, 0.05, 0.9);
      same(mineM.w, theirsM.w, 'momentum w');
      same(mineM.v, theirsM.v, 'momentum v');
      for (const step of [1, 7]) {
        const hyper = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step };
        const mineA = backend.adamUpdate(w, m, vPositive, g, hyper);
        const theirsA = reference.adamUpdate(w, m, vPositive, g, hyper);
        same(mineA.w, theirsA.w, `adam w, step ${step}`);
        same(mineA.m, theirsA.m, `adam m, step ${step}`);
        same(mineA.v, theirsA.v, `adam v, step ${step}`);
      }
      free(w, g, v, m, vPositive);
    }
  });

  it('leaves no tensor and no handle behind', () => {
    const tensors = tf.memory().numTensors;
    const handles = backend.liveHandles();
    const spec: TfjsActivationSpec = { kind: 'softmax', alpha: 0 };
    const [x, w, b] = [randomMatrix(8, 5), randomMatrix(5, 3), randomMatrix(1, 3)];
    const y = backend.fromArray([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0], 8, 3);
    const { z, a } = backend.denseForward(x, w, b, spec);
    const { loss, error } = backend.outputError('softmaxCrossEntropy', spec, z, a, y);
    const back = backend.activationBackward(spec, error, z, a);
    const adam = backend.adamUpdate(w, w, w, w, { lr: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-7, step: 3 });
    free(x, w, b, y, z, a, loss, error, back, adam.w, adam.m, adam.v);
    expect(backend.liveHandles()).toBe(handles);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
