import { describe, expect, it } from 'vitest';
import { BackpropError } from './errors.js';
import { HandleTable } from './handles.js';

const handle = (rows = 2, cols = 3): { rows: number; cols: number } => ({ rows, cols });

describe('HandleTable', () => {
  it('counts live handles exactly and hands back the handle it was given', () => {
    const t = new HandleTable<{ rows: number; cols: number }>();
    const a = t.register(handle());
    const b = t.register(handle());
    expect(t.size).toBe(2);
    expect(t.get('matmul', 'a', a)).toBe(a);
    expect(t.release('dispose', b)).toBe(b);
    expect(t.size).toBe(1);
    expect([...t.values()]).toEqual([a]);
  });

  it('refuses use after dispose and a second dispose, naming the operation', () => {
    const t = new HandleTable<{ rows: number; cols: number }>();
    const a = t.register(handle());
    t.release('dispose', a);
    expect(() => t.get('matmul', 'a', a)).toThrow(new BackpropError('matmul', 'a [2,3] was already disposed; a handle cannot be used after dispose'));
    expect(() => t.release('dispose', a)).toThrow('dispose: argument [2,3] was already disposed');
  });

  it("refuses another table's handle and things that are not handles", () => {
    const mine = new HandleTable<{ rows: number; cols: number }>();
    const theirs = new HandleTable<{ rows: number; cols: number }>();
    const foreign = theirs.register(handle(1, 1));
    expect(() => mine.get('unary(exp)', 'argument', foreign)).toThrow('unary(exp): argument [1,1] is not a live handle of this backend instance');
    expect(() => mine.get('read', 'argument', null as never)).toThrow(BackpropError);
  });

  it('after clear(), every handle it held is refused as disposed', () => {
    const t = new HandleTable<{ rows: number; cols: number }>();
    const a = t.register(handle());
    t.clear();
    expect(t.size).toBe(0);
    expect(() => t.get('read', 'argument', a)).toThrow('was already disposed');
  });

  it('remembers only recent releases for the wording: an old one is still refused, in general terms', () => {
    const t = new HandleTable<{ rows: number; cols: number }>();
    const old = t.register(handle());
    t.release('dispose', old);
    for (let i = 0; i < 2000; i++) t.release('dispose', t.register(handle()));
    expect(() => t.get('read', 'argument', old)).toThrow('is not a live handle of this backend instance (it was disposed');
    expect(t.size).toBe(0);
  });
});
