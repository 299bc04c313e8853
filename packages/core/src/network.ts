/**
 * A feed-forward network of dense layers, and the article's forward and backward propagation:
 *
 *   forward:  Z_l = A_{l-1}·W_l + b_l,  A_l = f(Z_l),  A_0 = X
 *   backward: E_L = C'(Ŷ, Y) ⊙ f'(Z_L)               (outputError)
 *             E_l = (E_{l+1}·W_{l+1}ᵀ) ⊙ f'(Z_l)      (each layer's error computed once, reused below)
 *             dW_l = A_{l-1}ᵀ·E_l,  db_l = Σ_rows E_l
 *
 * No per-scalar graph: the layer list is the graph.
 */
import type { ActivationSpec, Backend, Loss, Matrix } from './backend.js';
import { toDataMatrix, type DataInput } from './data.js';
import { BackpropError, describeValue, shapeText } from './errors.js';
import { initialValues, type Initializer } from './initializers.js';
import { Ops } from './ops.js';
import { Random } from './random.js';
import { resolveNetworkSpec, type ResolvedNetworkSpec } from './spec-rules.js';

/** Rows predictFlat runs through the network at once (a bound on its memory, not a batch size that changes results). */
export const PREDICT_ROWS = 16384;

export type { ResolvedLayer, ResolvedNetworkSpec } from './spec-rules.js';

export interface LayerSpec {
  readonly units: number;
  /** Default 'relu' (the article's). */
  readonly activation?: ActivationSpec['kind'];
  /** leakyRelu's negative slope, default 0.01. */
  readonly alpha?: number;
  /**
   * Dropout after this (hidden) layer: the fraction of its outputs zeroed in each training step,
   * in [0, 1); default 0. The kept outputs are scaled by 1/(1 − rate) (inverted dropout), so
   * inference uses the layer as is. Masks come from core's seeded PRNG (fit's `seed`), so every
   * backend drops the same units. Saved in the model file.
   */
  readonly dropout?: number;
}

export interface NetworkSpec {
  readonly inputSize: number;
  readonly layers: readonly LayerSpec[];
  /** Default 'mse', the article's 0.5·(ŷ − y)². */
  readonly loss?: Loss;
  /** Default 'he', the article's randn·√(2/fan_in). */
  readonly weightInit?: Initializer;
  /** Every bias starts at this value; default 0.1 as in the article. */
  readonly biasInit?: number;
  /** Seed of core's PRNG for the initial weights; default 1. */
  readonly seed?: number;
}


/** Host copies of one layer's parameters, row-major. */
export interface LayerWeights {
  readonly w: Float32Array | Float64Array;
  readonly b: Float32Array | Float64Array;
  readonly inputs: number;
  readonly units: number;
}

export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: ActivationSpec;
  /** Dropout rate after this layer in training (0: none). */
  readonly dropout: number;
  w: Matrix;
  b: Matrix;
}

/**
 * What forward propagation keeps for the backward pass: each layer's Z and A = f(Z), and where
 * dropout ran, the layer's output after its mask (the next layer's input).
 */
export interface ForwardTrace {
  readonly zs: Matrix[];
  readonly as: Matrix[];
  /** outs[l]: A_l ⊙ mask_l where layer l drops units in this pass, else absent. */
  readonly outs: (Matrix | undefined)[];
}

export interface Gradients {
  /** 1×1 batch loss. */
  readonly loss: Matrix;
  readonly dW: Matrix[];
  readonly db: Matrix[];
}

function resolveSpec(spec: NetworkSpec): ResolvedNetworkSpec {
  return resolveNetworkSpec(spec, {
    name: 'spec',
    field: (layer, name) => (layer === undefined ? name : `layer ${layer} ${name}`),
    fail: (detail) => new BackpropError('createNetwork', detail),
  });
}

export class Network {
  readonly ops: Ops;
  readonly spec: ResolvedNetworkSpec;
  readonly layers: DenseLayer[];
  private disposed = false;

  /** Use createNetwork or loadModel. */
  constructor(ops: Ops, spec: ResolvedNetworkSpec, layers: DenseLayer[]) {
    this.ops = ops;
    this.spec = spec;
    this.layers = layers;
  }

  get inputSize(): number {
    return this.spec.inputSize;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.units;
  }

  get loss(): Loss {
    return this.spec.loss;
  }

  get outputActivation(): ActivationSpec {
    return this.layers[this.layers.length - 1]!.activation;
  }

  /** Number of trainable values. */
  parameterCount(): number {
    return this.layers.reduce((n, l) => n + l.inputs * l.units + l.units, 0);
  }

  assertAlive(op: string): void {
    if (this.disposed) throw new BackpropError(op, 'the network has been disposed');
  }

  /**
   * Forward propagation keeping every Z and A. The caller disposes the trace (disposeTrace).
   * `masks[l]`, in training only, is layer l's dropout mask (0 or 1/(1 − rate) per element,
   * [rows, units]): the layer's output is A_l ⊙ mask_l.
   */
  forwardTrace(x: Matrix, masks?: readonly (Matrix | undefined)[]): ForwardTrace {
    this.assertAlive('forward');
    if (x.cols !== this.inputSize) {
      throw new BackpropError('forward', `input must have ${this.inputSize} columns, got ${shapeText(x)}`);
    }
    const zs: Matrix[] = [];
    const as: Matrix[] = [];
    const outs: (Matrix | undefined)[] = [];
    let input = x;
    this.layers.forEach((layer, l) => {
      const out = this.ops.denseForward(input, layer.w, layer.b, layer.activation);
      zs.push(out.z);
      as.push(out.a);
      const mask = masks?.[l];
      const dropped = mask ? this.ops.binary('mul', out.a, mask) : undefined;
      outs.push(dropped);
      input = dropped ?? out.a;
    });
    return { zs, as, outs };
  }

  disposeTrace(trace: ForwardTrace): void {
    trace.zs.forEach((z, i) => {
      this.ops.dispose(z);
      // A linear layer's A is its Z (denseForward's contract): dispose it once.
      if (trace.as[i] !== z) this.ops.dispose(trace.as[i]!);
      const dropped = trace.outs[i];
      if (dropped) this.ops.dispose(dropped);
    });
  }

  /** The network's output for a batch already on the backend; the caller owns the result. */
  forward(x: Matrix): Matrix {
    const trace = this.forwardTrace(x);
    const out = trace.as.pop()!;
    const z = trace.zs.pop()!;
    if (z !== out) this.ops.dispose(z);
    this.disposeTrace(trace);
    return out;
  }

  /**
   * Backpropagation for one batch: the loss and dW, db of every layer. The input layer's own
   * input error (dX) is never computed: nothing uses it.
   */
  gradients(x: Matrix, y: Matrix, masks?: readonly (Matrix | undefined)[]): Gradients {
    const ops = this.ops;
    if (y.rows !== x.rows || y.cols !== this.outputSize) {
      throw new BackpropError('gradients', `targets must be [${x.rows},${this.outputSize}], got ${shapeText(y)}`);
    }
    const trace = this.forwardTrace(x, masks);
    const last = this.layers.length - 1;
    const { loss, error: outputError } = ops.outputError(this.loss, this.outputActivation, trace.zs[last]!, trace.as[last]!, y);
    const dW: Matrix[] = new Array<Matrix>(this.layers.length);
    const db: Matrix[] = new Array<Matrix>(this.layers.length);
    let error = outputError;
    for (let l = last; l >= 0; l--) {
      const input = l === 0 ? x : (trace.outs[l - 1] ?? trace.as[l - 1]!);
      dW[l] = ops.matmul(input, error, true, false);
      db[l] = ops.reduce('sum', error, 0);
      if (l > 0) {
        // E_{l-1} = (E_l · W_lᵀ ⊙ mask_{l-1}) ⊙ f'(Z_{l-1}): the error kept from the layer above, reused.
        const below = this.layers[l - 1]!;
        const dOut = ops.matmul(error, this.layers[l]!.w, false, true);
        const mask = masks?.[l - 1];
        const dA = mask ? ops.binary('mul', dOut, mask) : dOut;
        if (dA !== dOut) ops.dispose(dOut);
        const next = ops.activationBackward(below.activation, dA, trace.zs[l - 1]!, trace.as[l - 1]!);
        ops.dispose(dA);
        ops.dispose(error);
        error = next;
      }
    }
    ops.dispose(error);
    this.disposeTrace(trace);
    return { loss, dW, db };
  }

  /** Runs `input` through the network and returns the outputs as rows. */
  async predict(input: DataInput): Promise<number[][]> {
    const out = await this.predictFlat(input);
    const rows: number[][] = [];
    for (let r = 0; r < out.rows; r++) rows.push(Array.from(out.data.subarray(r * out.cols, (r + 1) * out.cols)));
    return rows;
  }

  /**
   * Like predict, as one flat row-major array (rows × outputSize). Runs PREDICT_ROWS rows at a
   * time, so a table of millions of rows never has all its hidden activations in memory at once.
   */
  async predictFlat(input: DataInput): Promise<{ data: Float32Array | Float64Array; rows: number; cols: number }> {
    this.assertAlive('predict');
    const x = toDataMatrix('predict', 'input', input, this.inputSize, this.ops.info.precision);
    const cols = this.outputSize;
    if (x.rows <= PREDICT_ROWS) return { data: await this.predictRows(x.data, x.rows, x.cols), rows: x.rows, cols };
    let data: Float32Array | Float64Array | undefined;
    for (let start = 0; start < x.rows; start += PREDICT_ROWS) {
      const n = Math.min(PREDICT_ROWS, x.rows - start);
      const part = await this.predictRows(x.data.subarray(start * x.cols, (start + n) * x.cols), n, x.cols);
      data ??= part instanceof Float32Array ? new Float32Array(x.rows * cols) : new Float64Array(x.rows * cols);
      data.set(part, start * cols);
    }
    return { data: data!, rows: x.rows, cols };
  }

  private async predictRows(values: Float32Array | Float64Array, rows: number, cols: number): Promise<Float32Array | Float64Array> {
    const xm = this.ops.backend.fromArray(values, rows, cols);
    try {
      const out = this.forward(xm);
      try {
        return await this.ops.read(out);
      } finally {
        this.ops.dispose(out);
      }
    } finally {
      this.ops.dispose(xm);
    }
  }

  /** Host copies of every layer's weights and biases. */
  async getWeights(): Promise<LayerWeights[]> {
    this.assertAlive('getWeights');
    const out: LayerWeights[] = [];
    for (const l of this.layers) {
      out.push({ w: await this.ops.read(l.w), b: await this.ops.read(l.b), inputs: l.inputs, units: l.units });
    }
    return out;
  }

  /** Replaces one layer's weights ([inputs×units], row-major or rows) and biases ([units]). */
  setLayerWeights(index: number, w: ArrayLike<number> | readonly (readonly number[])[], b: ArrayLike<number>): void {
    const op = 'setLayerWeights';
    this.assertAlive(op);
    const layer = this.layers[index];
    if (!layer) throw new BackpropError(op, `layer index must be 0..${this.layers.length - 1}, got ${describeValue(index)}`);
    const wFlat = Array.isArray(w) && Array.isArray(w[0])
      ? toDataMatrix(op, 'w', w, layer.units).data
      : (w as ArrayLike<number>);
    if (wFlat.length !== layer.inputs * layer.units) {
      throw new BackpropError(op, `layer ${index} weights must be ${layer.inputs}×${layer.units} = ${layer.inputs * layer.units} values, got ${wFlat.length}`);
    }
    if (b.length !== layer.units) throw new BackpropError(op, `layer ${index} biases must be ${layer.units} values, got ${b.length}`);
    const newW = this.ops.fromArray(wFlat, layer.inputs, layer.units);
    const newB = this.ops.fromArray(b, 1, layer.units);
    this.ops.dispose(layer.w);
    this.ops.dispose(layer.b);
    layer.w = newW;
    layer.b = newB;
  }

  /** Frees every handle the network holds. */
  dispose(): void {
    if (this.disposed) return;
    for (const l of this.layers) {
      this.ops.dispose(l.w);
      this.ops.dispose(l.b);
    }
    this.disposed = true;
  }
}

/** Builds a network on a backend, with initial weights from core's seeded PRNG. */
export function createNetwork(backend: Backend | Ops, spec: NetworkSpec): Network {
  const ops = backend instanceof Ops ? backend : new Ops(backend);
  const resolved = resolveSpec(spec);
  const biasInit = spec.biasInit ?? 0.1;
  if (typeof biasInit !== 'number' || !Number.isFinite(biasInit)) {
    throw new BackpropError('createNetwork', `biasInit must be a finite number, got ${describeValue(biasInit)}`);
  }
  const seed = spec.seed ?? 1;
  if (!Number.isInteger(seed)) throw new BackpropError('createNetwork', `seed must be an integer, got ${describeValue(seed)}`);
  const random = new Random(seed);
  const init = spec.weightInit ?? 'he';
  const layers: DenseLayer[] = [];
  let inputs = resolved.inputSize;
  for (const l of resolved.layers) {
    const w = ops.fromArray(initialValues(init, inputs, l.units, random), inputs, l.units);
    const b = ops.fill(1, l.units, biasInit);
    layers.push({ inputs, units: l.units, activation: { kind: l.activation, alpha: l.alpha }, dropout: l.dropout ?? 0, w, b });
    inputs = l.units;
  }
  return new Network(ops, resolved, layers);
}

/** Builds a network from a resolved spec and host weights (used by loadModel and copies). */
export function networkFromWeights(backend: Backend | Ops, spec: ResolvedNetworkSpec, weights: readonly LayerWeights[]): Network {
  const ops = backend instanceof Ops ? backend : new Ops(backend);
  const layers: DenseLayer[] = [];
  let inputs = spec.inputSize;
  spec.layers.forEach((l, i) => {
    const lw = weights[i]!;
    const w = ops.fromArray(lw.w, inputs, l.units);
    const b = ops.fromArray(lw.b, 1, l.units);
    layers.push({ inputs, units: l.units, activation: { kind: l.activation, alpha: l.alpha }, dropout: l.dropout ?? 0, w, b });
    inputs = l.units;
  });
  return new Network(ops, spec, layers);
}
