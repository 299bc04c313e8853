/**
 * gradientCheck: backpropagation's gradients against central finite differences of the loss,
 * (L(θ+h) − L(θ−h)) / 2h, for every parameter (or an evenly spread sample of them). Run it on a
 * float64 backend for tight agreement; float32 rounding limits it to about 1e-2.
 */
import type { Matrix } from './backend.js';
import { toDataMatrix, type DataInput } from './data.js';
import { BackpropError } from './errors.js';
import type { Network } from './network.js';

export interface GradientCheckOptions {
  /** Finite-difference step; default 1e-5. */
  readonly epsilon?: number;
  /** At most this many entries per weight or bias matrix are checked (evenly spread); default all. */
  readonly maxPerMatrix?: number;
}

export interface GradientCheckEntry {
  readonly layer: number;
  readonly param: 'w' | 'b';
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relativeError: number;
}

export interface GradientCheckResult {
  readonly maxRelativeError: number;
  readonly maxAbsoluteError: number;
  /** The largest |gradient| seen, to judge absolute errors against. */
  readonly maxAbsoluteGradient: number;
  readonly checked: number;
  /** The entry with the largest relative error. */
  readonly worst: GradientCheckEntry | undefined;
}

/** |a − n| / max(|a|, |n|), or the absolute difference where both are below 1e-8 (noise-level gradients). */
export function relativeError(a: number, n: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(n));
  return scale < 1e-8 ? Math.abs(a - n) : Math.abs(a - n) / scale;
}

export async function gradientCheck(network: Network, xInput: DataInput, yInput: DataInput, options: GradientCheckOptions = {}): Promise<GradientCheckResult> {
  const op = 'gradientCheck';
  network.assertAlive(op);
  const h = options.epsilon ?? 1e-5;
  if (!(h > 0 && Number.isFinite(h))) throw new BackpropError(op, `epsilon must be a finite number > 0, got ${String(h)}`);
  const ops = network.ops;
  const xd = toDataMatrix(op, 'x', xInput, network.inputSize);
  const yd = toDataMatrix(op, 'y', yInput, network.outputSize);
  if (xd.rows !== yd.rows) throw new BackpropError(op, `x and y must have the same number of rows, got ${xd.rows} and ${yd.rows}`);
  const x = ops.fromArray(xd.data, xd.rows, xd.cols);
  const y = ops.fromArray(yd.data, yd.rows, yd.cols);
  const lossAt = async (): Promise<number> => {
    const trace = network.forwardTrace(x);
    const last = trace.zs.length - 1;
    const loss = ops.lossValue(network.loss, network.outputActivation, trace.zs[last]!, trace.as[last]!, y);
    const v = (await ops.read(loss))[0]!;
    ops.dispose(loss);
    network.disposeTrace(trace);
    return v;
  };
  let maxRel = 0;
  let maxAbs = 0;
  let maxGrad = 0;
  let checked = 0;
  let worst: GradientCheckEntry | undefined;
  try {
    const grads = network.gradients(x, y);
    const analytic = await Promise.all([...grads.dW, ...grads.db].map((m) => ops.read(m)));
    for (const m of [grads.loss, ...grads.dW, ...grads.db]) ops.dispose(m);
    const L = network.layers.length;
    for (let l = 0; l < L; l++) {
      for (const param of ['w', 'b'] as const) {
        const layer = network.layers[l]!;
        const original = await ops.read(layer[param]);
        const values = Float64Array.from(original);
        const grad = analytic[param === 'w' ? l : L + l]!;
        const count = values.length;
        const take = Math.min(count, options.maxPerMatrix ?? count);
        for (let t = 0; t < take; t++) {
          const i = Math.floor((t * count) / take);
          const set = (v: number): void => {
            values[i] = v;
            const m: Matrix = ops.fromArray(values, layer[param].rows, layer[param].cols);
            ops.dispose(layer[param]);
            layer[param] = m;
          };
          const base = original[i]!;
          set(base + h);
          const plus = await lossAt();
          set(base - h);
          const minus = await lossAt();
          set(base);
          const numeric = (plus - minus) / (2 * h);
          const a = grad[i]!;
          const rel = relativeError(a, numeric);
          checked++;
          maxAbs = Math.max(maxAbs, Math.abs(a - numeric));
          maxGrad = Math.max(maxGrad, Math.abs(a), Math.abs(numeric));
          if (rel >= maxRel) {
            maxRel = rel;
            worst = { layer: l, param, index: i, analytic: a, numeric, relativeError: rel };
          }
        }
      }
    }
  } finally {
    ops.dispose(x);
    ops.dispose(y);
  }
  return { maxRelativeError: maxRel, maxAbsoluteError: maxAbs, maxAbsoluteGradient: maxGrad, checked, worst };
}
