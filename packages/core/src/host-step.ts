/**
 * The fused host path: the same forward and backward propagation as network.ts and the same
 * updates as reference-ops.ts, written as plain loops over the backend's own typed arrays
 * (Backend.hostArray), for small networks where the cost of ~50 backend calls per step would
 * dwarf the arithmetic (the article's 1-2-2 network does about 30 multiply-adds per sample).
 *
 * Intermediates are stored in arrays of the backend's precision, so values round where the
 * per-operation path rounds them; the conformance suite checks that both paths agree.
 */
import type { Matrix } from './backend.js';
import { NonFiniteLossError } from './errors.js';
import type { Network } from './network.js';
import type { OptimizerState } from './optimizers.js';

/** Networks up to this many parameters train on the host path when the backend allows it. */
export const HOST_PATH_MAX_PARAMETERS = 4096;

type Floats = Float32Array | Float64Array;

const RELU = 0;
const LEAKY = 1;
const SIGMOID = 2;
const TANH = 3;
const LINEAR = 4;
const SOFTMAX = 5;
const CODES = { relu: RELU, leakyRelu: LEAKY, sigmoid: SIGMOID, tanh: TANH, linear: LINEAR, softmax: SOFTMAX } as const;

interface HostLayer {
  readonly inputs: number;
  readonly units: number;
  readonly act: number;
  readonly alpha: number;
  readonly z: Floats;
  readonly a: Floats;
  readonly e: Floats;
  readonly dW: Floats;
  readonly db: Floats;
  /** Optimizer state: velocity (momentum) or first/second moments (Adam). */
  readonly s1W: Float64Array;
  readonly s1b: Float64Array;
  readonly s2W: Float64Array;
  readonly s2b: Float64Array;
}

export class HostTrainer {
  private readonly layers: HostLayer[];
  private readonly hostArray: (m: Matrix) => Floats;
  private readonly lossKind: number;
  private readonly x: Floats;
  private readonly y: Floats;
  private step = 0;

  private constructor(
    private readonly network: Network,
    private readonly optimizer: OptimizerState,
    private readonly batchSize: number,
  ) {
    const backend = network.ops.backend;
    this.hostArray = (m) => backend.hostArray!(m);
    const F = backend.info.precision === 'float64' ? Float64Array : Float32Array;
    this.layers = network.layers.map((l) => ({
      inputs: l.inputs,
      units: l.units,
      act: CODES[l.activation.kind],
      alpha: l.activation.alpha,
      z: new F(batchSize * l.units),
      a: new F(batchSize * l.units),
      e: new F(batchSize * l.units),
      dW: new F(l.inputs * l.units),
      db: new F(l.units),
      s1W: new Float64Array(l.inputs * l.units),
      s1b: new Float64Array(l.units),
      s2W: new Float64Array(l.inputs * l.units),
      s2b: new Float64Array(l.units),
    }));
    this.lossKind = network.loss === 'mse' ? 0 : 1;
    this.x = new F(batchSize * network.inputSize);
    this.y = new F(batchSize * network.outputSize);
  }

  /** A trainer when the backend exposes host storage and the network is small, else undefined. */
  static tryCreate(network: Network, optimizer: OptimizerState, batchSize: number): HostTrainer | undefined {
    if (typeof network.ops.backend.hostArray !== 'function') return undefined;
    if (network.parameterCount() > HOST_PATH_MAX_PARAMETERS) return undefined;
    return new HostTrainer(network, optimizer, batchSize);
  }

  /** One epoch over the samples in `order`; returns the mean loss. Throws on a non-finite batch loss. */
  runEpoch(
    x: { data: Float64Array; cols: number; rows: number },
    y: { data: Float64Array; cols: number },
    order: Uint32Array,
    epoch: number,
  ): number {
    let total = 0;
    const bs = this.batchSize;
    // The parameter handles do not change during an epoch (updates write into their storage).
    const weights = this.network.layers.map((l) => this.hostArray(l.w));
    const biases = this.network.layers.map((l) => this.hostArray(l.b));
    const xs = this.x;
    const ys = this.y;
    const xc = x.cols;
    const yc = y.cols;
    for (let start = 0, b = 1; start < x.rows; start += bs, b++) {
      const n = Math.min(bs, x.rows - start);
      for (let r = 0; r < n; r++) {
        const i = order[start + r]!;
        for (let c = 0; c < xc; c++) xs[r * xc + c] = x.data[i * xc + c]!;
        for (let c = 0; c < yc; c++) ys[r * yc + c] = y.data[i * yc + c]!;
      }
      const loss = this.batch(n, weights, biases);
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(epoch, b, loss);
      total += loss * n;
    }
    this.optimizer.step = this.step;
    return total / x.rows;
  }

  /** Forward, backward and update on the first n rows of this.x / this.y; returns the batch loss. */
  private batch(n: number, weights: Floats[], biases: Floats[]): number {
    const layers = this.layers;
    const L = layers.length;

    // Forward: Z = A_prev·W + b, A = f(Z).
    let input: Floats = this.x;
    for (let l = 0; l < L; l++) {
      const h = layers[l]!;
      const w = weights[l]!;
      const bias = biases[l]!;
      const { inputs, units, z, a } = h;
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < units; j++) z[r * units + j] = bias[j]!;
        for (let k = 0; k < inputs; k++) {
          const v = input[r * inputs + k]!;
          for (let j = 0; j < units; j++) z[r * units + j] = z[r * units + j]! + v * w[k * units + j]!;
        }
      }
      activate(h, n);
      input = a;
    }

    // Output error E_L and the batch loss (mean over rows of the per-row sum).
    const out = layers[L - 1]!;
    const yv = this.y;
    let loss = 0;
    const m = out.units;
    for (let r = 0; r < n; r++) {
      if (this.lossKind === 0) {
        for (let j = 0; j < m; j++) {
          const d = out.a[r * m + j]! - yv[r * m + j]!;
          loss += 0.5 * d * d;
          out.e[r * m + j] = d / n;
        }
      } else if (out.act === SOFTMAX) {
        let max = -Infinity;
        for (let j = 0; j < m; j++) max = Math.max(max, out.z[r * m + j]!);
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp(out.z[r * m + j]! - max);
        const logSum = Math.log(sum);
        for (let j = 0; j < m; j++) {
          loss -= yv[r * m + j]! * (out.z[r * m + j]! - max - logSum);
          out.e[r * m + j] = (out.a[r * m + j]! - yv[r * m + j]!) / n;
        }
      } else {
        for (let j = 0; j < m; j++) {
          const zz = out.z[r * m + j]!;
          loss += Math.max(zz, 0) - zz * yv[r * m + j]! + Math.log(1 + Math.exp(-Math.abs(zz)));
          out.e[r * m + j] = (out.a[r * m + j]! - yv[r * m + j]!) / n;
        }
      }
    }
    loss /= n;
    if (this.lossKind === 0) activationBackwardInPlace(out, out.e, n);

    // Backward: dW = A_prevᵀ·E, db = Σ_rows E, E_below = (E·Wᵀ) ⊙ f'(Z_below).
    for (let l = L - 1; l >= 0; l--) {
      const h = layers[l]!;
      const prev = l === 0 ? this.x : layers[l - 1]!.a;
      const { inputs, units, e, dW, db } = h;
      dW.fill(0);
      db.fill(0);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < units; j++) db[j] = db[j]! + e[r * units + j]!;
        for (let k = 0; k < inputs; k++) {
          const v = prev[r * inputs + k]!;
          for (let j = 0; j < units; j++) dW[k * units + j] = dW[k * units + j]! + v * e[r * units + j]!;
        }
      }
      if (l > 0) {
        const below = layers[l - 1]!;
        const w = weights[l]!;
        const eb = below.e;
        for (let r = 0; r < n; r++) {
          for (let k = 0; k < inputs; k++) {
            let s = 0;
            for (let j = 0; j < units; j++) s += e[r * units + j]! * w[k * units + j]!;
            eb[r * inputs + k] = s;
          }
        }
        activationBackwardInPlace(below, eb, n);
      }
    }

    // Update every parameter in place (the handles' storage is the backend's own array).
    this.step++;
    for (let l = 0; l < L; l++) {
      const h = layers[l]!;
      this.update(weights[l]!, h.dW, h.s1W, h.s2W);
      this.update(biases[l]!, h.db, h.s1b, h.s2b);
    }
    return loss;
  }

  private update(p: Floats, g: Floats, s1: Float64Array, s2: Float64Array): void {
    const o = this.optimizer.spec;
    if (o.kind === 'sgd') {
      for (let i = 0; i < p.length; i++) p[i] = p[i]! - o.lr * g[i]!;
    } else if (o.kind === 'momentum') {
      for (let i = 0; i < p.length; i++) {
        const v = o.momentum * s1[i]! + g[i]!;
        s1[i] = v;
        p[i] = p[i]! - o.lr * v;
      }
    } else {
      const c1 = 1 - Math.pow(o.beta1, this.step);
      const c2 = 1 - Math.pow(o.beta2, this.step);
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const m = o.beta1 * s1[i]! + (1 - o.beta1) * gi;
        const v = o.beta2 * s2[i]! + (1 - o.beta2) * gi * gi;
        s1[i] = m;
        s2[i] = v;
        p[i] = p[i]! - (o.lr * (m / c1)) / (Math.sqrt(v / c2) + o.epsilon);
      }
    }
  }
}

function activate(h: HostLayer, n: number): void {
  const { z, a, act, alpha } = h;
  const count = n * h.units;
  switch (act) {
    case RELU:
      for (let i = 0; i < count; i++) a[i] = z[i]! > 0 ? z[i]! : 0;
      return;
    case LEAKY:
      for (let i = 0; i < count; i++) a[i] = Math.max(z[i]!, alpha * z[i]!);
      return;
    case SIGMOID:
      for (let i = 0; i < count; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
      return;
    case TANH:
      for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]!);
      return;
    case LINEAR:
      for (let i = 0; i < count; i++) a[i] = z[i]!;
      return;
    default: {
      const m = h.units;
      for (let r = 0; r < n; r++) {
        let max = -Infinity;
        for (let j = 0; j < m; j++) max = Math.max(max, z[r * m + j]!);
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp(z[r * m + j]! - max);
        for (let j = 0; j < m; j++) a[r * m + j] = Math.exp(z[r * m + j]! - max) / sum;
      }
    }
  }
}

/** e ← e ⊙ f'(z), from the layer's stored Z and A (softmax: the row Jacobian product). */
function activationBackwardInPlace(h: HostLayer, e: Floats, n: number): void {
  const { z, a, act, alpha } = h;
  const count = n * h.units;
  switch (act) {
    case RELU:
      for (let i = 0; i < count; i++) if (!(z[i]! > 0)) e[i] = 0;
      return;
    case LEAKY:
      for (let i = 0; i < count; i++) if (!(z[i]! > 0)) e[i] = e[i]! * alpha;
      return;
    case SIGMOID:
      for (let i = 0; i < count; i++) e[i] = e[i]! * a[i]! * (1 - a[i]!);
      return;
    case TANH:
      for (let i = 0; i < count; i++) e[i] = e[i]! * (1 - a[i]! * a[i]!);
      return;
    case LINEAR:
      return;
    default: {
      const m = h.units;
      for (let r = 0; r < n; r++) {
        let dot = 0;
        for (let j = 0; j < m; j++) dot += e[r * m + j]! * a[r * m + j]!;
        for (let j = 0; j < m; j++) e[r * m + j] = a[r * m + j]! * (e[r * m + j]! - dot);
      }
    }
  }
}
