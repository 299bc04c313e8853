import { describe, expect, it } from 'vitest';
import { Random } from '../random.js';
import { EpochOrders, SpanOrders } from './epoch-orders.js';

describe('EpochOrders', () => {
  it('without shuffling, every epoch visits the rows in their order', () => {
    const orders = new EpochOrders(4, false, 1);
    expect(Array.from(orders.next())).toEqual([0, 1, 2, 3]);
    expect(Array.from(orders.next())).toEqual([0, 1, 2, 3]);
  });

  it('shuffles one permutation in place each epoch, so each order depends on the ones before', () => {
    const orders = new EpochOrders(6, true, 9);
    const random = new Random(9);
    const expected = [0, 1, 2, 3, 4, 5];
    for (let e = 0; e < 3; e++) {
      random.shuffle(expected);
      expect(Array.from(orders.next())).toEqual(expected);
    }
  });

  it('a span keeps a copy of each order it drew, for a replay; all() lays them end to end', () => {
    const reference = new EpochOrders(5, true, 3);
    const expected = [0, 1, 2].map(() => Array.from(reference.next()));
    const span = new EpochOrders(5, true, 3).span(3);
    expect(span.drawn).toBe(0);
    expect(Array.from(span.order(0))).toEqual(expected[0]);
    expect(Array.from(span.all())).toEqual(expected.flat());
    expect(span.drawn).toBe(3);
    // Drawn once: asking again gives the kept copy, not a new shuffle.
    expect(Array.from(span.order(1))).toEqual(expected[1]);
  });

  it('a fixed span gives back the order it was made with', () => {
    const span = SpanOrders.fixed(Uint32Array.of(2, 0, 1));
    expect(span.count).toBe(1);
    expect(span.drawn).toBe(1);
    expect(Array.from(span.order(0))).toEqual([2, 0, 1]);
    expect(Array.from(span.all())).toEqual([2, 0, 1]);
  });
});

describe('EpochOrders.drawInto', () => {
  it('lays unshuffled orders end to end for any span length, leaving the rest of the block alone', () => {
    for (const count of [1, 2, 3, 5, 8, 13]) {
      const block = new Uint32Array((count + 2) * 3).fill(99);
      new EpochOrders(3, false, 1).drawInto(block, 1, count + 1);
      expect(Array.from(block)).toEqual([99, 99, 99, ...Array.from({ length: count }, () => [0, 1, 2]).flat(), 99, 99, 99]);
    }
  });

  it('draws shuffled orders in sequence, as next() would', () => {
    const reference = new EpochOrders(4, true, 5);
    const expected = [0, 1, 2, 3, 4].map(() => Array.from(reference.next())).flat();
    const block = new Uint32Array(20);
    const orders = new EpochOrders(4, true, 5);
    orders.drawInto(block, 0, 2);
    orders.drawInto(block, 2, 5);
    expect(Array.from(block)).toEqual(expected);
  });
});
