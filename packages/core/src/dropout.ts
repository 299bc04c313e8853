/**
 * Dropout masks, drawn on the host from core's seeded PRNG so that every backend and both
 * training paths drop the same units (and the conformance suite can compare them).
 *
 * Inverted dropout (Srivastava et al., JMLR 2014, with the scaling moved to training as in
 * Keras and PyTorch): a kept unit's output is multiplied by 1/(1 − rate) and a dropped one's by
 * 0, so the expected output equals the output without dropout and inference uses the layer as is.
 *
 * A batch's masks depend only on (fit's seed, epoch, batch), not on what ran before: the
 * per-operation path draws them per batch, the host path per epoch, a replay after a divergence
 * draws them again, and all get the same numbers. Within a batch, layers are drawn in order,
 * each row-major [rows, units], one uniform number per element: dropped where it is < rate.
 */
import { Random } from './random.js';

export class DropoutMasks {
  private constructor(
    /** Dropout rate per layer (0: none). */
    readonly rates: readonly number[],
    private readonly seed: number,
  ) {}

  /** Masks for a network's layers, or undefined when no layer drops anything. */
  static create(rates: readonly number[], seed: number): DropoutMasks | undefined {
    return rates.some((r) => r > 0) ? new DropoutMasks(rates, seed) : undefined;
  }

  /** The generator for one batch, seeded from (seed, epoch, batch) by an integer hash. */
  private generator(epoch: number, batch: number): Random {
    let h = Math.imul(this.seed ^ 0x3c6ef372, 0x9e3779b1);
    h = Math.imul(h ^ epoch ^ (h >>> 15), 0x85ebca77);
    h = Math.imul(h ^ batch ^ (h >>> 13), 0xc2b2ae3d);
    return new Random((h ^ (h >>> 16)) >>> 0);
  }

  /**
   * Writes batch `batch` (0-based) of `epoch`: for each layer l with dropout, `rows`·units[l]
   * values (0 or 1/(1 − rate)) into `out[l]` from `offset[l]`.
   */
  drawInto(epoch: number, batch: number, rows: number, units: readonly number[], out: readonly (Float32Array | Float64Array | undefined)[], offsets?: readonly number[]): void {
    const random = this.generator(epoch, batch);
    this.rates.forEach((rate, l) => {
      const target = out[l];
      if (rate === 0 || !target) return;
      const keep = 1 / (1 - rate);
      const start = offsets?.[l] ?? 0;
      const count = rows * units[l]!;
      for (let i = 0; i < count; i++) target[start + i] = random.next() < rate ? 0 : keep;
    });
  }
}
