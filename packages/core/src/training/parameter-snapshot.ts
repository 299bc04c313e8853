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
