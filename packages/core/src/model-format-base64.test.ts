/** The model format's own base64 (no Buffer in browsers) gives Node's bytes, both ways, at every tail length. */
import { describe, expect, it } from 'vitest';
import { decode, encode } from './model-format.js';
import { Random } from './random.js';

describe('model format base64', () => {
  it('matches Buffer for every length 0-40 and decodes back bit-exactly', () => {
    const random = new Random(9);
    for (let len = 0; len <= 40; len++) {
      const a = new Float32Array(len).map(() => (random.next() - 0.5) * 1e3);
      const saved = encode(a, 1, len);
      expect(saved.data).toBe(Buffer.from(a.buffer).toString('base64'));
      expect(Buffer.from(decode(saved, 'w', 1, len).buffer).equals(Buffer.from(a.buffer))).toBe(true);
      const b = Float64Array.from(a, (v) => v / 3);
      expect(encode(b, 1, len).data).toBe(Buffer.from(b.buffer).toString('base64'));
    }
  });
});
