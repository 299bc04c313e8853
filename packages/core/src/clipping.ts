/**
 * Gradient clipping on the per-operation path, with no readback: by value (every element into
 * [−c, c]) and by global norm (every gradient scaled by c / max(‖G‖, c), where ‖G‖ is the
 * L2 norm over all weights and biases together: tf.clip_by_global_norm, Keras's
 * `global_clipnorm`). Value clipping runs first. The host path does the same in its generated
 * step (host-step-source.ts).
 */
import type { Matrix } from './backend.js';
import type { Gradients } from './network.js';
import type { Ops } from './ops.js';

export interface Clipping {
  readonly clipValue?: number;
  readonly clipNorm?: number;
}

function replaceAll(ops: Ops, list: Matrix[], f: (m: Matrix) => Matrix): void {
  list.forEach((m, i) => {
    list[i] = f(m);
    ops.dispose(m);
  });
}

/** Clips `grads.dW` and `grads.db` in place (the arrays' handles are replaced and the old ones disposed). */
export function clipGradients(ops: Ops, grads: Gradients, clip: Clipping): void {
  const all = [grads.dW, grads.db];
  const c = clip.clipValue;
  if (c !== undefined) {
    for (const list of all) {
      replaceAll(ops, list, (g) => {
        const low = ops.binaryScalar('max', g, -c);
        const out = ops.binaryScalar('min', low, c);
        ops.dispose(low);
        return out;
      });
    }
  }
  const limit = clip.clipNorm;
  if (limit !== undefined) {
    // ‖G‖² as a 1×1 sum on the backend, then the factor c / max(‖G‖, c), broadcast as a scalar.
    let total: Matrix | undefined;
    for (const g of [...grads.dW, ...grads.db]) {
      const sq = ops.unary('square', g);
      const rows = ops.reduce('sum', sq, 1);
      const s = ops.reduce('sum', rows, 0);
      for (const m of [sq, rows]) ops.dispose(m);
      if (total) {
        const next = ops.binary('add', total, s);
        ops.dispose(total);
        ops.dispose(s);
        total = next;
      } else {
        total = s;
      }
    }
    const norm = ops.unary('sqrt', total!);
    const atLeast = ops.binaryScalar('max', norm, limit);
    const inverse = ops.unary('reciprocal', atLeast);
    const factor = ops.binaryScalar('mul', inverse, limit);
    for (const m of [total!, norm, atLeast, inverse]) ops.dispose(m);
    for (const list of all) replaceAll(ops, list, (g) => ops.binary('mul', g, factor));
    ops.dispose(factor);
  }
}
