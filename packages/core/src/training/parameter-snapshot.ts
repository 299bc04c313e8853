/**
 * A copy of a network's weights and biases that can be put back later (early stopping's
 * restoreBestWeights). On a backend with host storage the copies are typed arrays and go back
 * into the live storage; elsewhere they are device copies that replace the layers' handles.
 */
import type { Matrix } from '../backend.js';
import type { Network } from '../network.js';

type Saved = { readonly onHost: true; readonly params: (Float32Array | Float64Array)[] } | { readonly onHost: false; readonly params: Matrix[] };

export class ParameterSnapshot {
  private constructor(
    private readonly network: Network,
    private readonly saved: Saved,
  ) {}

  static take(network: Network): ParameterSnapshot {
    const ops = network.ops;
    const hostArray = ops.backend.hostArray?.bind(ops.backend);
    const params = network.layers.flatMap((l) => [l.w, l.b]);
    return new ParameterSnapshot(
      network,
      hostArray ? { onHost: true, params: params.map((m) => hostArray(m).slice()) } : { onHost: false, params: params.map((m) => ops.binaryScalar('mul', m, 1)) },
    );
  }

  /** A snapshot holding given values, W0, b0, W1, b1, … (a checkpoint's copy of the best weights). */
  static fromValues(network: Network, values: readonly (Float32Array | Float64Array)[]): ParameterSnapshot {
    const ops = network.ops;
    const hostArray = ops.backend.hostArray?.bind(ops.backend);
    const shapes = network.layers.flatMap((l) => [[l.inputs, l.units], [1, l.units]] as const);
    if (hostArray) {
      const params = network.layers.flatMap((l) => [l.w, l.b]).map((m, i) => {
        const copy = hostArray(m).slice();
        copy.set(values[i]!);
        return copy;
      });
      return new ParameterSnapshot(network, { onHost: true, params });
    }
    return new ParameterSnapshot(network, { onHost: false, params: values.map((v, i) => ops.fromArray(v, shapes[i]![0], shapes[i]![1])) });
  }

  /** The copy's values, W0, b0, W1, b1, … (a readback per parameter off the host). */
  async values(): Promise<(Float32Array | Float64Array)[]> {
    const saved = this.saved;
    if (saved.onHost) return saved.params.map((p) => p.slice());
    const out: (Float32Array | Float64Array)[] = [];
    for (const m of saved.params) out.push(await this.network.ops.read(m));
    return out;
  }

  /** Puts the copy back (it stays valid for another restore until disposed). */
  restore(): void {
    const ops = this.network.ops;
    const saved = this.saved;
    this.network.layers.forEach((l, i) => {
      if (saved.onHost) {
        ops.backend.hostArray!(l.w).set(saved.params[2 * i]!);
        ops.backend.hostArray!(l.b).set(saved.params[2 * i + 1]!);
        return;
      }
      const w = ops.binaryScalar('mul', saved.params[2 * i]!, 1);
      const b = ops.binaryScalar('mul', saved.params[2 * i + 1]!, 1);
      ops.dispose(l.w);
      ops.dispose(l.b);
      l.w = w;
      l.b = b;
    });
  }

  dispose(): void {
    if (this.saved.onHost) return;
    for (const m of this.saved.params) this.network.ops.dispose(m);
  }
}
