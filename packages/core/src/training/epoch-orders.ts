/**
 * The order in which each epoch visits the samples. One permutation is shuffled in place at the
 * start of every epoch with core's seeded PRNG (so an epoch's order depends on every shuffle
 * before it, and the same seed gives the same orders on every backend and either path).
 *
 * A span of several epochs that share one divergence guard keeps a copy of each order it drew,
 * so that a failed span can run its epochs again, one at a time, in exactly the same orders.
 */
import { Random } from '../random.js';

export class EpochOrders {
  private readonly order: Uint32Array;
  private readonly random: Random | undefined;

  /** `rows` samples; without `shuffle` every epoch visits them in their given order. */
  constructor(
    readonly rows: number,
    shuffle: boolean,
    seed: number,
  ) {
    this.order = new Uint32Array(rows).map((_, i) => i);
    this.random = shuffle ? new Random(seed) : undefined;
  }

  /** The next epoch's order: the live permutation, valid until the next draw. */
  next(): Uint32Array {
    this.random?.shuffle(this.order);
    return this.order;
  }

  /** Orders for a span of `count` epochs, drawn as the span asks for them. */
  span(count: number): SpanOrders {
    return SpanOrders.drawnFrom(this, count);
  }
}

/** The orders of the epochs of one span: drawn in sequence, kept for a replay. */
export class SpanOrders {
  /** Each drawn epoch's order: a view into `block`, or (one-epoch span) the live permutation. */
  private readonly drawnOrders: Uint32Array[] = [];
  private readonly block: Uint32Array | undefined;

  private constructor(
    private readonly source: EpochOrders | undefined,
    readonly count: number,
  ) {
    // One epoch needs no copy: its replay (by the guard) comes before the next draw.
    this.block = source && count > 1 ? new Uint32Array(count * source.rows) : undefined;
  }

  static drawnFrom(source: EpochOrders, count: number): SpanOrders {
    return new SpanOrders(source, count);
  }

  /** A one-epoch span whose order is already known (a failed span's epoch, run again alone). */
  static fixed(order: Uint32Array): SpanOrders {
    const span = new SpanOrders(undefined, 1);
    span.drawnOrders.push(order);
    return span;
  }

  /** How many epochs' orders have been drawn so far. */
  get drawn(): number {
    return this.drawnOrders.length;
  }

  /** Epoch c's order (0-based in the span); epochs are drawn in sequence, each once. */
  order(c: number): Uint32Array {
    while (this.drawnOrders.length <= c) {
      const order = this.source!.next();
      if (!this.block) {
        this.drawnOrders.push(order);
      } else {
        const at = this.drawnOrders.length * order.length;
        this.block.set(order, at);
        this.drawnOrders.push(this.block.subarray(at, at + order.length));
      }
    }
    return this.drawnOrders[c]!;
  }

  /** Every epoch's order, one after another (drawing those not drawn yet): the host path's input. */
  all(): Uint32Array {
    this.order(this.count - 1);
    return this.block ?? this.drawnOrders[0]!;
  }
}
