/**
 * The fused host path: the same forward and backward propagation as network.ts and the same
 * updates as reference-ops.ts, run as one generated function per network shape
 * (host-step-source.ts) over the backend's own typed arrays (Backend.hostArray). It is for small
 * networks, where the cost of ~50 backend calls per step would dwarf the arithmetic: the
 * article's 1-2-2 network does about 30 multiply-adds per sample.
 *
 * Intermediates are stored in arrays of the backend's precision, so values round about where the
 * per-operation path rounds them; the conformance suite checks that both paths agree. Where code
 * generation is not allowed (a browser page whose Content-Security-Policy forbids it), tryCreate
 * returns undefined and training takes the per-operation path.
 */
import { NonFiniteLossError } from './errors.js';
import type { Clipping } from './clipping.js';
import type { DropoutMasks } from './dropout.js';
import {
  H_ALPHA,
  H_BETA1,
  H_BETA2,
  H_CLIP_NORM,
  H_CLIP_VALUE,
  H_EPOCHS,
  H_EPSILON,
  H_LOSS_LIMIT,
  H_LR,
  H_MOMENTUM,
  H_STEP,
  H_WEIGHT_DECAY,
  hostStepSource,
  maskSlot,
  type StepShape,
} from './host-step-source.js';
import type { Network } from './network.js';
import type { OptimizerState } from './optimizers.js';
import { hostHyperOf, updateRule } from './update-rules/index.js';
import { overflowLimit } from './precision.js';

/** Networks up to this many parameters train on the host path when the backend allows it. */
export const HOST_PATH_MAX_PARAMETERS = 4096;

type Floats = Float32Array | Float64Array;
export type EpochFunction = (
  rows: number,
  order: Uint32Array,
  X: Floats,
  Y: Floats,
  batchSize: number,
  P: Floats[],
  S: Floats[],
  T: Float64Array[],
  H: Float64Array,
  out: Float64Array,
) => number;
const PARAMETER_NAMES = ['rows', 'order', 'X', 'Y', 'bs', 'P', 'S', 'T', 'H', 'out'];

/** Compiled steps by shape: a network trained many times compiles once. */
const compiled = new Map<string, EpochFunction>();
/** Generated sources by shape (JSON of the StepShape). */
const sources = new Map<string, string>();

/** Compiles a generated epoch function; undefined where code generation is forbidden. */
export function compileHostEpoch(source: string): EpochFunction | undefined {
  let step = compiled.get(source);
  if (!step) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- source built from validated sizes and fixed snippets only (host-step-source.ts)
      step = new Function(...PARAMETER_NAMES, source) as EpochFunction;
    } catch (e) {
      // An EvalError means code generation is forbidden here (CSP): use the per-operation path.
      // Anything else is a bug in host-step-source.ts and must not hide behind the fallback.
      if (e instanceof EvalError) return undefined;
      throw e;
    }
    if (compiled.size > 64) compiled.clear();
    compiled.set(source, step);
  }
  return step;
}

const NO_STATE = new Float64Array(0);

/** The step and scratch arrays of a network's last host-path fit, by what they depend on. */
const lastTrainerOf = new WeakMap<Network, { readonly key: string; readonly step: EpochFunction; readonly scratch: Floats[] }>();

/** Training features the generated step includes (fit's options). */
export interface HostFeatures {
  readonly clip?: Clipping;
  readonly dropout?: DropoutMasks;
}

export class HostTrainer {
  private readonly scratch: Floats[];
  /** Dropout masks per layer for the rows of one call (grown as needed), at S[maskSlot(…)]. */
  private readonly F: Float32ArrayConstructor | Float64ArrayConstructor;
  private readonly state: Float64Array[];
  private readonly hyper: Float64Array;
  /** [batch, loss, t, epoch] of a failure, then the epoch's mean loss (one-epoch calls). */
  private readonly out = new Float64Array(5);

  private constructor(
    private readonly network: Network,
    private readonly optimizer: OptimizerState,
    private readonly batchSize: number,
    private readonly step: EpochFunction,
    private readonly features: HostFeatures,
    scratch?: Floats[],
  ) {
    const F = (this.F = network.ops.backend.info.precision === 'float64' ? Float64Array : Float32Array);
    this.scratch = scratch ?? network.layers.flatMap((l) => [
      new F(batchSize * l.units),
      new F(batchSize * l.units),
      new F(batchSize * l.units),
      new F(l.inputs * l.units),
      new F(l.units),
    ]);
    // Per layer: its dropout mask (sized per call) and masked output; empty where it has no dropout.
    if (!scratch) for (const l of network.layers) this.scratch.push(new F(0), new F(l.dropout > 0 ? batchSize * l.units : 0));
    // Momentum and Adam state lives in the OptimizerState, so it carries over between fit calls.
    // A rule without state (SGD) gets empty arrays: its generated update never reads them.
    const stateless = updateRule(optimizer.spec.kind).slots === 0;
    this.state = optimizer.hostSlots ??= network.layers.flatMap((l) =>
      stateless
        ? [NO_STATE, NO_STATE, NO_STATE, NO_STATE]
        : [new Float64Array(l.inputs * l.units), new Float64Array(l.inputs * l.units), new Float64Array(l.units), new Float64Array(l.units)],
    );
    this.hyper = new Float64Array(H_ALPHA + network.layers.length);
    const o = optimizer.spec;
    this.hyper[H_LR] = o.lr;
    this.hyper[H_LOSS_LIMIT] = overflowLimit(network.ops.backend.info.precision);
    const hyper = hostHyperOf(o);
    this.hyper[H_MOMENTUM] = hyper.momentum ?? 0;
    this.hyper[H_BETA1] = hyper.beta1 ?? 0;
    this.hyper[H_BETA2] = hyper.beta2 ?? 0;
    this.hyper[H_EPSILON] = hyper.epsilon ?? 0;
    this.hyper[H_WEIGHT_DECAY] = o.weightDecay;
    this.hyper[H_CLIP_VALUE] = features.clip?.clipValue ?? 0;
    this.hyper[H_CLIP_NORM] = features.clip?.clipNorm ?? 0;
    network.layers.forEach((l, i) => (this.hyper[H_ALPHA + i] = l.activation.alpha));
  }

  /** A trainer when the backend exposes host storage and the network is small, else undefined. */
  static tryCreate(network: Network, optimizer: OptimizerState, batchSize: number, features: HostFeatures = {}): HostTrainer | undefined {
    if (typeof network.ops.backend.hostArray !== 'function') return undefined;
    if (network.parameterCount() > HOST_PATH_MAX_PARAMETERS) return undefined;
    // Calling fit once per epoch of a tiny network is common (a user's own loop): the step and
    // the scratch arrays of the last call on this network are reused when nothing they depend on
    // changed (a network's layers never change). Building them was ~40% of a 4-sample fit call.
    const key = `${batchSize}|${optimizer.spec.kind}|${optimizer.spec.weightDecay > 0}|${features.clip?.clipValue !== undefined}|${features.clip?.clipNorm !== undefined}`;
    const last = lastTrainerOf.get(network);
    if (last && last.key === key) return new HostTrainer(network, optimizer, batchSize, last.step, features, last.scratch);
    const shape: StepShape = {
      inputs: network.inputSize,
      layers: network.layers.map((l) => ({ units: l.units, activation: l.activation.kind, dropout: l.dropout > 0 })),
      loss: network.loss,
      optimizer: optimizer.spec.kind,
      weightDecay: optimizer.spec.weightDecay > 0,
      clipValue: features.clip?.clipValue !== undefined,
      clipNorm: features.clip?.clipNorm !== undefined,
    };
    // Generating and hashing the source (several KB once unrolled) costs more than a tiny
    // network's epoch: look the shape up first, so that calling fit once per epoch stays cheap.
    const shapeKey = JSON.stringify(shape);
    let source = sources.get(shapeKey);
    if (source === undefined) {
      source = hostStepSource(shape);
      if (sources.size > 64) sources.clear();
      sources.set(shapeKey, source);
    }
    const step = compileHostEpoch(source);
    if (!step) return undefined;
    const trainer = new HostTrainer(network, optimizer, batchSize, step, features);
    lastTrainerOf.set(network, { key, step, scratch: trainer.scratch });
    return trainer;
  }

  /**
   * Draws the dropout masks of the batches of one call: `rows` samples from batch `firstBatch`
   * (0-based) of `epoch`, batch by batch, exactly as the per-operation path draws them.
   */
  private drawMasks(epoch: number, firstBatch: number, rows: number): void {
    const dropout = this.features.dropout;
    if (!dropout) return;
    const layers = this.network.layers;
    const units = layers.map((l) => l.units);
    const targets = layers.map((l, i) => {
      if (l.dropout === 0) return undefined;
      const slot = maskSlot(layers.length, i);
      if (this.scratch[slot]!.length < rows * l.units) this.scratch[slot] = new this.F(rows * l.units);
      return this.scratch[slot];
    });
    for (let start = 0, b = firstBatch; start < rows; start += this.batchSize, b++) {
      const n = Math.min(this.batchSize, rows - start);
      dropout.drawInto(epoch, b, n, units, targets, units.map((u) => start * u));
    }
  }

  /**
   * One epoch over the samples in `order`; returns the mean loss. Throws on a non-finite batch
   * loss. The data is at the backend's precision (what an upload would round it to).
   */
  runEpoch(x: { data: Floats; cols: number; rows: number }, y: { data: Floats; cols: number }, order: Uint32Array, epoch: number): number {
    const backend = this.network.ops.backend;
    // The parameter handles do not change during an epoch: updates write into their storage.
    const params = this.network.layers.flatMap((l): Floats[] => [backend.hostArray!(l.w), backend.hostArray!(l.b)]);
    this.hyper[H_STEP] = this.optimizer.step;
    this.hyper[H_LR] = this.optimizer.spec.lr;
    this.hyper[H_EPOCHS] = 1;
    this.drawMasks(epoch, 0, x.rows);
    const loss = this.step(x.rows, order, x.data, y.data, this.batchSize, params, this.scratch, this.state, this.hyper, this.out);
    this.optimizer.step = this.out[2]!;
    if (Number.isNaN(loss)) throw new NonFiniteLossError(epoch, this.out[0]!, this.out[1]!);
    return loss;
  }

  /**
   * `count` epochs in one call, epoch e over orders[e·rows, (e + 1)·rows) (no dropout: masks are
   * drawn per epoch). Returns each epoch's mean loss (an array of its own: the caller may keep it), or the 0-based epoch where a batch loss was
   * not finite (the parameters are then past the point of failure: the caller restores them).
   */
  runEpochs(x: { data: Floats; cols: number; rows: number }, y: { data: Floats; cols: number }, orders: Uint32Array, count: number): { losses: Float64Array; failedEpoch: number | undefined } {
    if (this.features.dropout) throw new Error('host step: runEpochs draws no dropout masks; run one epoch at a time');
    const backend = this.network.ops.backend;
    const params = this.network.layers.flatMap((l): Floats[] => [backend.hostArray!(l.w), backend.hostArray!(l.b)]);
    // Each call's own array: the losses handed back stay valid (the caller keeps them in the history).
    const out = new Float64Array(4 + count);
    this.hyper[H_STEP] = this.optimizer.step;
    this.hyper[H_LR] = this.optimizer.spec.lr;
    this.hyper[H_EPOCHS] = count;
    const loss = this.step(x.rows, orders, x.data, y.data, this.batchSize, params, this.scratch, this.state, this.hyper, out);
    this.hyper[H_EPOCHS] = 1;
    this.optimizer.step = out[2]!;
    return { losses: out.subarray(4), failedEpoch: Number.isNaN(loss) ? out[3]! : undefined };
  }

  /**
   * One batch: the samples order[start .. start + n) (n ≤ the batch size), as runEpoch would run
   * it. Returns the batch loss, which may be beyond the backend's precision (the caller checks):
   * fit's divergence guard replays a failed epoch batch by batch with it.
   */
  runBatch(x: { data: Floats; cols: number; rows: number }, y: { data: Floats; cols: number }, order: Uint32Array, start: number, n: number, epoch = 1): number {
    const backend = this.network.ops.backend;
    const params = this.network.layers.flatMap((l): Floats[] => [backend.hostArray!(l.w), backend.hostArray!(l.b)]);
    this.hyper[H_STEP] = this.optimizer.step;
    this.hyper[H_LR] = this.optimizer.spec.lr;
    this.hyper[H_EPOCHS] = 1;
    this.drawMasks(epoch, start / this.batchSize, n);
    const loss = this.step(n, order.subarray(start, start + n), x.data, y.data, this.batchSize, params, this.scratch, this.state, this.hyper, this.out);
    this.optimizer.step = this.out[2]!;
    return Number.isNaN(loss) ? this.out[1]! : loss;
  }
}
