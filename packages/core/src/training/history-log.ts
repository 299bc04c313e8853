/**
 * fit's history, kept the cheap way while training: a span of epochs that ran under one guard
 * (and, on the host path, in one generated call) is stored as one array of losses, and turned
 * into EpochRecords only when `History.epochs` is first read. A 1,000-epoch fit of one sample
 * then makes no 1,000 objects that nobody may look at (they cost as much as its training).
 */
import type { EpochRecord, History } from './fit-options.js';

type Entry =
  | { readonly first: number; readonly losses: ArrayLike<number>; readonly learningRate: number; readonly seconds: number }
  | { readonly record: EpochRecord };

/** Histories up to this many epochs are built at once: a getter costs more than a few records (a fit call per epoch). */
const EAGER_RECORDS = 16;

export class HistoryLog {
  private readonly entries: Entry[] = [];
  private count = 0;

  /** Epochs recorded so far. */
  get length(): number {
    return this.count;
  }

  /** Epochs first, first + 1, … with these losses (an array the log may keep), the same rate and time each. */
  addSpan(first: number, losses: ArrayLike<number>, learningRate: number, seconds: number): void {
    this.entries.push({ first, losses, learningRate, seconds });
    this.count += losses.length;
  }

  addEpoch(record: EpochRecord): void {
    this.entries.push({ record });
    this.count++;
  }

  records(): EpochRecord[] {
    const out: EpochRecord[] = [];
    for (const entry of this.entries) {
      if ('record' in entry) {
        out.push(entry.record);
        continue;
      }
      const { first, losses, learningRate, seconds } = entry;
      for (let c = 0; c < losses.length; c++) out.push({ epoch: first + c, loss: losses[c]!, learningRate, seconds });
    }
    return out;
  }

  /**
   * The History fit returns. A short one is a plain object; a long one builds `epochs` on first
   * read and then keeps it (the same array each read; JSON, spread and structured clone see it).
   */
  history(summary: Omit<History, 'epochs'>): History {
    if (this.count <= EAGER_RECORDS) return { epochs: this.records(), ...summary };
    let epochs: EpochRecord[] | undefined;
    const records = (): EpochRecord[] => this.records();
    return {
      get epochs(): EpochRecord[] {
        return (epochs ??= records());
      },
      ...summary,
    };
  }
}
