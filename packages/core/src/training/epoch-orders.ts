/**
 * The order in which each epoch visits the samples. One permutation is shuffled in place at the
 * start of every epoch with core's seeded PRNG (so an epoch's order depends on every shuffle
 * before it, and the same seed gives the same orders on every backend and either path).
 *
 * A span of several epochs that share one divergence guard keeps its orders end to end in one
 * array (the host path's generated function reads them so), so that a failed span can run its
 * epochs again, one at a time, in exactly the same orders.
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
    this.order = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) this.order[i] = i;
    this.random = shuffle ? new Random(seed) : undefined;
  }

  /** The next epoch's order: the live permutation, valid until the next draw. */
  next(): Uint32Array {
    this.random?.shuffle(this.order);
    return this.order;
  }

  /**
   * Draws (and drops) the orders of `epochs` epochs: a resumed run is then where the run it
   * resumes was after that many epochs. The permutation carries over from epoch to epoch, so
   * the draws are replayed rather than saved (rows·epochs swaps: ~1 s for 60,000 rows × 100 epochs).
   */
  skip(epochs: number): void {
    if (this.random) for (let e = 0; e < epochs; e++) this.random.shuffle(this.order);
  }

  /** Draws epochs `from` .. `to` − 1 of a span into `block` (epoch c at c·rows). */
  drawInto(block: Uint32Array, from: number, to: number): void {
    const rows = this.rows;
    if (this.random) {
      for (let c = from; c < to; c++) block.set(this.next(), c * rows);
      return;
    }
    // Unshuffled, every epoch's order is the same: copy it once, then double what is there
    // (a 1,000-epoch span of one sample is ten copies, not a thousand).
    if (from === to) return;
    block.set(this.order, from * rows);
    for (let done = 1; from + done < to; done *= 2) {
      const copies = Math.min(done, to - from - done);
      block.copyWithin((from + done) * rows, from * rows, (from + copies) * rows);
    }
  }

  /** Orders for a span of `count` epochs, drawn as the span asks for them. */
  span(count: number): SpanOrders {
    return count === 1 ? SpanOrders.single(this) : SpanOrders.drawnFrom(this, count);
  }
}

/** The orders of the epochs of one span: drawn in sequence, each once, and kept for a replay. */
export class SpanOrders {
  private drawnCount = 0;

  private constructor(
    private readonly source: EpochOrders | undefined,
    readonly count: number,
    /** count·rows entries; a one-epoch span uses the live permutation (its replay comes before the next draw). */
    private block: Uint32Array | undefined,
  ) {}

  static drawnFrom(source: EpochOrders, count: number): SpanOrders {
    return new SpanOrders(source, count, new Uint32Array(count * source.rows));
  }

  static single(source: EpochOrders): SpanOrders {
    return new SpanOrders(source, 1, undefined);
  }

  /** A one-epoch span whose order is already known (a failed span's epoch, run again alone). */
  static fixed(order: Uint32Array): SpanOrders {
    const span = new SpanOrders(undefined, 1, order);
    span.drawnCount = 1;
    return span;
  }

  /** How many epochs' orders have been drawn so far. */
  get drawn(): number {
    return this.drawnCount;
  }

  /** Epoch c's order (0-based in the span), drawing the epochs up to it. */
  order(c: number): Uint32Array {
    this.drawTo(c + 1);
    const rows = this.block!.length / this.count;
    return this.count === 1 ? this.block! : this.block!.subarray(c * rows, (c + 1) * rows);
  }

  /** Every epoch's order, end to end (drawing those not drawn yet): the host path's input. */
  all(): Uint32Array {
    this.drawTo(this.count);
    return this.block!;
  }

  private drawTo(to: number): void {
    if (to <= this.drawnCount) return;
    if (this.count === 1) this.block = this.source!.next();
    else this.source!.drawInto(this.block!, this.drawnCount, to);
    this.drawnCount = to;
  }
}
