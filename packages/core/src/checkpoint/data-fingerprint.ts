/**
 * A fingerprint of training data, so that a resume on other data is refused: the shape, and a
 * hash of a sample of the values (the first and last rows whole, and up to 4,096 values spread
 * evenly over the rest). Values are hashed as float32 bits, so that the same table gives the
 * same fingerprint on a float32 and a float64 backend (a resume may change backend).
 *
 * A sample, not every value: hashing all of a large table would cost as much as an epoch. A
 * change confined to rows the sample skips goes unnoticed; a reordering, a rescaling or another
 * file is caught.
 */
export interface DataFingerprint {
  readonly rows: number;
  readonly cols: number;
  /** 16 hex digits: two 32-bit FNV-1a hashes of the sampled float32 bit patterns. */
  readonly sample: string;
}

const SAMPLE_VALUES = 4096;

export function fingerprintOf(m: { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number }): DataFingerprint {
  const bits = new Uint32Array(new Float32Array(1).buffer);
  const f32 = new Float32Array(bits.buffer);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const mix = (i: number): void => {
    f32[0] = m.data[i]!;
    const v = bits[0]! ^ i;
    for (let s = 0; s < 32; s += 8) {
      const byte = (v >>> s) & 255;
      h1 = Math.imul(h1 ^ byte, 0x01000193);
      h2 = Math.imul(h2 ^ byte, 0x01000193) ^ (h2 >>> 13);
    }
  };
  const total = m.rows * m.cols;
  const lastRow = Math.max(0, total - m.cols);
  for (let i = 0; i < Math.min(m.cols, total); i++) mix(i);
  const stride = Math.max(1, Math.floor((lastRow - m.cols) / SAMPLE_VALUES));
  for (let i = m.cols; i < lastRow; i += stride) mix(i);
  for (let i = Math.max(lastRow, m.cols); i < total; i++) mix(i);
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return { rows: m.rows, cols: m.cols, sample: hex(h1) + hex(h2) };
}
