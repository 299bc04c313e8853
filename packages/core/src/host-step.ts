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
import { H_ALPHA, H_BETA1, H_BETA2, H_EPSILON, H_LR, H_MOMENTUM, H_STEP, hostStepSource } from './host-step-source.js';
import type { Network } from './network.js';
import type { OptimizerState } from './optimizers.js';

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

export class HostTrainer {
  private readonly scratch: Floats[];
  private readonly state: Float64Array[];
  private readonly hyper: Float64Array;
  private readonly out = new Float64Array(3);

  private constructor(
    private readonly network: Network,
    private readonly optimizer: OptimizerState,
    private readonly batchSize: number,
    private readonly step: EpochFunction,
  ) {
    const F = network.ops.backend.info.precision === 'float64' ? Float64Array : Float32Array;
    this.scratch = network.layers.flatMap((l) => [
      new F(batchSize * l.units),
      new F(batchSize * l.units),
      new F(batchSize * l.units),
      new F(l.inputs * l.units),
      new F(l.units),
    ]);
    // Momentum and Adam state lives in the OptimizerState, so it carries over between fit calls.
    this.state = optimizer.hostSlots ??= network.layers.flatMap((l) => [
      new Float64Array(l.inputs * l.units),
      new Float64Array(l.inputs * l.units),
      new Float64Array(l.units),
      new Float64Array(l.units),
    ]);
    this.hyper = new Float64Array(H_ALPHA + network.layers.length);
    const o = optimizer.spec;
    this.hyper[H_LR] = o.lr;
    if (o.kind === 'momentum') this.hyper[H_MOMENTUM] = o.momentum;
    if (o.kind === 'adam') {
      this.hyper[H_BETA1] = o.beta1;
      this.hyper[H_BETA2] = o.beta2;
      this.hyper[H_EPSILON] = o.epsilon;
    }
    network.layers.forEach((l, i) => (this.hyper[H_ALPHA + i] = l.activation.alpha));
  }

  /** A trainer when the backend exposes host storage and the network is small, else undefined. */
  static tryCreate(network: Network, optimizer: OptimizerState, batchSize: number): HostTrainer | undefined {
    if (typeof network.ops.backend.hostArray !== 'function') return undefined;
    if (network.parameterCount() > HOST_PATH_MAX_PARAMETERS) return undefined;
    const source = hostStepSource({
      inputs: network.inputSize,
      layers: network.layers.map((l) => ({ units: l.units, activation: l.activation.kind })),
      loss: network.loss,
      optimizer: optimizer.spec.kind,
    });
    const step = compileHostEpoch(source);
    return step ? new HostTrainer(network, optimizer, batchSize, step) : undefined;
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
    const loss = this.step(x.rows, order, x.data, y.data, this.batchSize, params, this.scratch, this.state, this.hyper, this.out);
    this.optimizer.step = this.out[2]!;
    if (Number.isNaN(loss)) throw new NonFiniteLossError(epoch, this.out[0]!, this.out[1]!);
    return loss;
  }
}
