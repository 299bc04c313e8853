/**
 * Robustness (issue 8): replayed bug reports from other JavaScript network libraries, each kind
 * of fault held on every backend and both training paths.
 * - fit never returns with NaN/±Infinity parameters, and every error leaves them finite (the
 *   last state known finite: the start of the failing epoch);
 * - float32 overflow is caught the same on the fused host path as on the per-operation path;
 * - piecewise derivatives give 0 where f'(z) = 0, even for an infinite upstream gradient;
 * - values beyond the backend's precision are refused up front;
 * - the one handle rule: use after dispose, double dispose and foreign handles are refused;
 * - tall matrices (more rows than a GL texture side) work.
 */
import {
  createNetwork,
  evaluate,
  fit,
  type NonFiniteLossError,
  sgd,
  type Backend,
  type FitOptions,
  type Matrix,
  type NetworkSpec,
  type Ops,
} from '@backprop/core';
import { expect } from 'vitest';
import { expectError, expectRejects } from './expect-errors.js';
import { asPrecision, randomValues, type SuiteContext } from '../context.js';

type Rows = number[][];

/** What a fit call did: its error's kind and place (if any), and the parameters afterwards. */
export interface FitOutcome {
  readonly error?: string;
  readonly epoch?: number;
  readonly batch?: number;
  readonly message?: string;
  readonly weights: Float64Array;
  readonly finite: boolean;
}

export async function fitOutcome(ops: Ops, spec: NetworkSpec, x: Rows, y: Rows, options: FitOptions): Promise<FitOutcome> {
  const net = createNetwork(ops, spec);
  try {
    const caught: unknown = await fit(net, x, y, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    const w = await net.getWeights();
    const weights = Float64Array.from(w.flatMap((l) => [...l.w, ...l.b]));
    const finite = weights.every(Number.isFinite);
    if (caught === undefined) return { weights, finite };
    if (!(caught instanceof Error)) throw new Error(`fit threw a non-Error (${typeof caught})`);
    const e = caught as Partial<NonFiniteLossError> & Error;
    return { error: e.name, epoch: e.epoch, batch: e.batch, message: e.message, weights, finite };
  } finally {
    net.dispose();
  }
}

/** The same kind of outcome at the same place. */
function place(o: FitOutcome): string {
  return o.error === undefined ? 'returned' : `${o.error} at epoch ${o.epoch}, batch ${o.batch}`;
}


/** Issue 8, item 2: 1-8-1 relu/linear, seed 5, y = 3x + 7 on 40 points of [−50, 50], SGD lr 1, one batch. */
const OVERFLOW_SPEC: NetworkSpec = { inputSize: 1, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 5 };
const OVERFLOW_X: Rows = Array.from({ length: 40 }, (_, i) => [-50 + (100 * i) / 39]);
const OVERFLOW_Y: Rows = OVERFLOW_X.map(([v]) => [3 * v! + 7]);

/** Issue 8, item 4: 1-4-1 relu/linear, seed 1, x = y ≈ 1e5, SGD 0.01, batch 4. */
const RELU_SPEC: NetworkSpec = { inputSize: 1, layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 1 };
const RELU_X: Rows = [[1e5], [1.01e5], [1.02e5], [1.03e5]];

export function robustnessCases(ctx: SuiteContext, js: () => Ops, create: () => Backend | Promise<Backend>): void {
  ctx.check('robustness: an update that overflows the weights is caught, not returned (issue 8.1)', async () => {
    const before = ctx.ops.liveHandles();
    // Overflows the update at either precision: float32 w − 1e36·1e6, float64 w − 1e300·1e200.
    const [xv, lr] = ctx.backend.info.precision === 'float32' ? [1000, 1e36] : [1e100, 1e300];
    const spec: NetworkSpec = { inputSize: 1, layers: [{ units: 1, activation: 'linear' }], weightInit: { constant: 1 }, biasInit: 0 };
    for (const path of ['auto', 'ops'] as const) {
      const o = await fitOutcome(ctx.ops, spec, [[xv]], [[0]], { epochs: 1, batchSize: 1, optimizer: sgd(lr), path });
      expect(place(o), `path ${path}`).toBe('NonFiniteWeightsError at epoch 1, batch 1');
      expect(o.message).toMatch(/^fit: layer 0 weights became (-Infinity|NaN) after the update of epoch 1, batch 1 \(the batch loss before it was (500000|5e\+199)\)/);
      // Restored: the start of epoch 1, w = 1, b = 0.
      expect(Array.from(o.weights), `path ${path}: parameters after the error`).toEqual([1, 0]);
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: float32 overflow is caught at the same epoch and batch on both paths and as backend-js (issue 8.2, 8.3)', async () => {
    const before = ctx.ops.liveHandles();
    const f32 = ctx.backend.info.precision === 'float32';
    for (const epochs of [3, 4]) {
      const options: FitOptions = { epochs, batchSize: 40, optimizer: sgd(1), shuffle: false };
      const auto = await fitOutcome(ctx.ops, OVERFLOW_SPEC, OVERFLOW_X, OVERFLOW_Y, options);
      const ops = await fitOutcome(ctx.ops, OVERFLOW_SPEC, OVERFLOW_X, OVERFLOW_Y, { ...options, path: 'ops' });
      const reference = await fitOutcome(js(), OVERFLOW_SPEC, OVERFLOW_X, OVERFLOW_Y, { ...options, path: 'ops' });
      // The loss of epoch 3 (≈1e52) is finite in double but not in float32.
      if (f32) expect(place(reference), 'backend-js, per-operation path').toBe('NonFiniteLossError at epoch 3, batch 1');
      expect(place(auto), `${epochs} epochs, default path`).toBe(place(reference));
      expect(place(ops), `${epochs} epochs, per-operation path`).toBe(place(reference));
      for (const o of [auto, ops]) expect(o.finite, `every parameter finite after: ${place(o)}`).toBe(true);
      if (reference.error !== undefined) {
        // The last state known finite: the weights after the epochs before the failing one.
        const upTo = await fitOutcome(ctx.ops, OVERFLOW_SPEC, OVERFLOW_X, OVERFLOW_Y, { ...options, epochs: reference.epoch! - 1 });
        const t = ctx.tol.training;
        ctx.expectClose('robustness: float32 overflow is caught at the same epoch and batch on both paths and as backend-js (issue 8.2, 8.3)', auto.weights, upTo.weights, 'restored parameters vs the parameters before the failing epoch', { abs: t, rel: t });
      }
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: an error from a callback never leaves non-finite parameters (issue 8.3)', async () => {
    const before = ctx.ops.liveHandles();
    const [xv, lr] = ctx.backend.info.precision === 'float32' ? [1000, 1e36] : [1e100, 1e300];
    const spec: NetworkSpec = { inputSize: 1, layers: [{ units: 1, activation: 'linear' }], weightInit: { constant: 1 }, biasInit: 0 };
    const net = createNetwork(ctx.ops, spec);
    const thrown = new Error('the callback gave up');
    const caught = await fit(net, [[xv], [xv]], [[0], [0]], {
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      optimizer: sgd(lr),
      onBatchEnd: () => {
        // After batch 1 the weights are already −Infinity; the check at the epoch's end never comes.
        throw thrown;
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(thrown);
    const w = await net.getWeights();
    expect([...w[0]!.w, ...w[0]!.b]).toEqual([1, 0]);
    net.dispose();
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  const reluCase = "robustness: piecewise derivatives give 0 where f'(z) = 0, even for ±Infinity in dA (issue 8.4)";
  ctx.check(reluCase, async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const z = ops.fromArray([-1, -2, 0, 3, 0.5, -0.5], 1, 6);
    // ±Infinity cannot be uploaded (fromArray refuses it): exp(1000) overflows at both precisions.
    const e = ops.fromArray([1000, 1000, 1000, 0, 1000, 0], 1, 6);
    const big = ops.unary('exp', e);
    const signs = ops.fromArray([1, -1, 1, 2, 1, 1], 1, 6);
    const dA = ops.binary('mul', big, signs);
    expect(Array.from(await ctx.read(dA)), 'dA as built').toEqual([Infinity, -Infinity, Infinity, 2, Infinity, 1]);
    const expectations: [string, { kind: 'relu' | 'leakyRelu'; alpha: number }, number[]][] = [
      ['relu', { kind: 'relu', alpha: 0.01 }, [0, 0, 0, 2, Infinity, 0]],
      ['leakyRelu α = 0', { kind: 'leakyRelu', alpha: 0 }, [0, 0, 0, 2, Infinity, 0]],
      // f'(z) = α ≠ 0 below zero: α·(±Infinity) is ±Infinity, the right product.
      ['leakyRelu α = 0.25', { kind: 'leakyRelu', alpha: 0.25 }, [Infinity, -Infinity, Infinity, 2, Infinity, 0.25]],
    ];
    for (const [label, spec, expected] of expectations) {
      const a = ops.activation(spec, z);
      const dZ = ops.activationBackward(spec, dA, z, a);
      // −0 and +0 are the same zero here (a select built from min/max may give −0).
      expect(Array.from(await ctx.read(dZ), (v) => (v === 0 ? 0 : v)), `${label}${ops.isFused('activationBackward', { activation: spec.kind }) ? ' (fused)' : ' (reference)'}`).toEqual(expected);
      ops.dispose(a);
      ops.dispose(dZ);
    }
    for (const m of [z, e, big, signs, dA]) ops.dispose(m);
    expect(ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: the 1-4-1 relu network on inputs near 1e5 ends as backend-js does (issue 8.4)', async () => {
    for (const epochs of [3, 6]) {
      const options: FitOptions = { epochs, batchSize: 4, optimizer: sgd(0.01), shuffle: false };
      const reference = await fitOutcome(js(), RELU_SPEC, RELU_X, RELU_X, { ...options, path: 'ops' });
      for (const path of ['auto', 'ops'] as const) {
        const o = await fitOutcome(ctx.ops, RELU_SPEC, RELU_X, RELU_X, { ...options, path });
        expect(place(o), `${epochs} epochs, path ${path}`).toBe(place(reference));
        expect(o.finite, `${epochs} epochs, path ${path}: parameters finite`).toBe(true);
      }
    }
  });

  ctx.check("robustness: values beyond the backend's precision are refused, naming row, column, value and precision (issue 8.5)", async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const net = createNetwork(ops, { inputSize: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed: 1 });
    const x = [[1e39, 0], [0, 1]];
    const y = [[1], [0]];
    if (ctx.backend.info.precision === 'float32') {
      const beyond = 'is 1e\\+39, beyond float32 \\(largest finite magnitude 3\\.4028235e38\\)';
      await expectRejects(() => fit(net, x, y, { epochs: 1, batchSize: 2 }), new RegExp(`^fit: x row 0, column 0 ${beyond}`));
      await expectRejects(() => fit(net, [[0, 1], [1, 0]], [[1], [-1e39]], { epochs: 1 }), /^fit: y row 1, column 0 is -1e\+39, beyond float32/);
      await expectRejects(() => net.predict([[0, 1], [2, 1e39]]), new RegExp(`^predict: input row 1, column 1 ${beyond}`));
      await expectRejects(() => evaluate(net, x, y), new RegExp(`^evaluate: x row 0, column 0 ${beyond}`));
      expectError(() => ops.fromArray([0, 1e39], 1, 2), new RegExp(`^fromArray: value at index 1 \\(row 0, column 1\\) ${beyond}`));
    } else {
      // Finite in float64: accepted, and training stays finite.
      const h = await fit(net, x, y, { epochs: 1, batchSize: 2 });
      expect(Number.isFinite(h.epochs[0]!.loss)).toBe(true);
    }
    // The largest float32, as printed, is accepted everywhere.
    const m = ops.fromArray([3.4028235e38, -3.4028235e38], 1, 2);
    ops.dispose(m);
    const w = await net.getWeights();
    expect(w.every((l) => l.w.every(Number.isFinite) && l.b.every(Number.isFinite))).toBe(true);
    net.dispose();
    expect(ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: createNetwork names weightInit for a non-finite constant (issue 8.7)', () => {
    const before = ctx.ops.liveHandles();
    for (const bad of [NaN, Infinity]) {
      expectError(
        () => createNetwork(ctx.ops, { inputSize: 2, layers: [{ units: 4 }, { units: 1 }], weightInit: { constant: bad } }),
        new RegExp(`^createNetwork: weightInit\\.constant must be a finite number, got ${String(bad)}$`),
      );
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: the handle rule: use after dispose, double dispose and foreign handles are BackpropErrors naming the operation (issue 8, handles)', async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    const keep = ops.fill(2, 2, 1);
    const gone = ops.fill(2, 2, 1);
    ops.dispose(gone);
    expectError(() => ops.unary('neg', gone), /^unary\(neg\): .*disposed/);
    expectError(() => ops.matmul(keep, gone), /^matmul: .*disposed/);
    expectError(() => ops.binary('add', keep, gone), /^binary\(add\): .*disposed/);
    expectError(() => ops.dispose(gone), /^dispose: .*disposed/);
    await expectRejects(async () => ops.read(gone), /^read\w*: .*disposed/);
    expect(ops.liveHandles(), 'a refused dispose changes no count').toBe(before + 1);

    // A handle made by another instance of the same backend, and one made by another backend
    // (the suite's reference). Either wording names the operation: 'not a live handle of this
    // instance', 'another instance', or 'must be a handle made by this … backend, got …'.
    const other = await create();
    const foreigners: [string, Matrix, (m: Matrix) => void][] = [
      ['another instance', other.fill(2, 2, 1), (m) => other.dispose(m)],
      ['another backend', js().fill(2, 2, 1), (m) => js().dispose(m)],
    ];
    try {
      for (const [, foreign, free] of foreigners) {
        expectError(() => ops.unary('neg', foreign), /^unary\(neg\): .*(another|not a live handle|made by this)/);
        expectError(() => ops.matmul(keep, foreign), /^matmul: .*(another|not a live handle|made by this)/);
        expectError(() => ops.dispose(foreign), /^dispose: .*(another|not a live handle|made by this)/);
        free(foreign);
      }
    } finally {
      other.close?.();
    }
    ops.dispose(keep);
    expect(ops.liveHandles()).toBe(before);
  });

  ctx.check('robustness: tall matrices: predict on 16,385 rows, a layer with 17,000 inputs (issue 8.6)', async () => {
    const ops = ctx.ops;
    const before = ops.liveHandles();
    // 16,385 rows: one more than a 16,384-texel GL texture side.
    const rows = 16_385;
    const x = { data: randomValues(rows * 2, 11, -1, 1), rows, cols: 2 };
    const spec: NetworkSpec = { inputSize: 2, layers: [{ units: 1, activation: 'tanh' }], seed: 3 };
    const net = createNetwork(ops, spec);
    const refNet = createNetwork(ctx.reference, spec);
    const got = await net.predictFlat(x);
    const want = await refNet.predictFlat({ data: asPrecision(x.data, ctx.backend.info.precision), rows, cols: 2 });
    ctx.expectClose('robustness: tall matrices: predict on 16,385 rows, a layer with 17,000 inputs (issue 8.6)', got.data, want.data, 'predictions on 16,385 rows', ctx.tol);
    net.dispose();
    refNet.dispose();

    // W is 17,000×3: taller than a texture side too. One training step on each backend, compared.
    const wide: NetworkSpec = { inputSize: 17_000, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed: 4 };
    const xw = { data: asPrecision(randomValues(4 * 17_000, 12, 0, 0.01), ctx.backend.info.precision), rows: 4, cols: 17_000 };
    const yw = { data: Float64Array.from([0.5, -0.5, 0.25, 0]), rows: 4, cols: 1 };
    const after: Float64Array[] = [];
    for (const target of [ops, js()]) {
      const n = createNetwork(target, wide);
      await fit(n, xw, yw, { epochs: 1, batchSize: 4, optimizer: sgd(0.1), path: 'ops' });
      const p = await n.predictFlat(xw);
      after.push(Float64Array.from(p.data));
      n.dispose();
    }
    const t = ctx.tol.training;
    ctx.expectClose('robustness: tall matrices: predict on 16,385 rows, a layer with 17,000 inputs (issue 8.6)', after[0]!, after[1]!, 'a 17,000-input layer after one step vs backend-js', { abs: t, rel: t });
    expect(ops.liveHandles()).toBe(before);
  });
}

