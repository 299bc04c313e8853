import { describe, expect, it } from 'vitest';
import { DropoutMasks } from './dropout.js';

describe('DropoutMasks', () => {
  it('is undefined when no layer drops anything', () => {
    expect(DropoutMasks.create([0, 0], 1)).toBeUndefined();
  });

  it('draws 0 or 1/(1 − rate), at about the rate, the same for the same (seed, epoch, batch)', () => {
    const masks = DropoutMasks.create([0.25, 0], 7)!;
    const a = new Float64Array(4000);
    masks.drawInto(3, 5, 1000, [4, 2], [a, undefined]);
    const dropped = a.filter((v) => v === 0).length / a.length;
    expect(dropped).toBeGreaterThan(0.22);
    expect(dropped).toBeLessThan(0.28);
    expect(a.every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
    const again = new Float64Array(4000);
    masks.drawInto(3, 5, 1000, [4, 2], [again, undefined]);
    expect(again).toEqual(a);
    const other = new Float64Array(4000);
    masks.drawInto(3, 6, 1000, [4, 2], [other, undefined]);
    expect(other).not.toEqual(a);
  });

  it('writes at the offsets given, so a whole epoch can be drawn batch by batch', () => {
    const masks = DropoutMasks.create([0.5], 1)!;
    const epoch = new Float32Array(6 * 3);
    masks.drawInto(1, 0, 4, [3], [epoch], [0]);
    masks.drawInto(1, 1, 2, [3], [epoch], [12]);
    const batch1 = new Float32Array(6);
    masks.drawInto(1, 1, 2, [3], [batch1]);
    expect(Array.from(epoch.subarray(12))).toEqual(Array.from(batch1));
  });
});
