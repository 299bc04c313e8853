/**
 * Weight initialisers. Values are drawn on the host from core's seeded Random, so every
 * backend starts from the same numbers.
 */
import { BackpropError, describeValue } from './errors.js';
import type { Random } from './random.js';

/** 'he': randn·√(2/fan_in), the article's; 'glorot': uniform ±√(6/(fan_in+fan_out)). */
export type Initializer = 'he' | 'glorot' | 'zeros' | { readonly constant: number };

export function initialValues(init: Initializer, fanIn: number, fanOut: number, random: Random): Float64Array {
  const out = new Float64Array(fanIn * fanOut);
  if (init === 'zeros') return out;
  if (typeof init === 'object' && init !== null && typeof init.constant === 'number') {
    if (!Number.isFinite(init.constant)) {
      throw new BackpropError('createNetwork', `weightInit.constant must be a finite number, got ${describeValue(init.constant)}`);
    }
    return out.fill(init.constant);
  }
  if (init === 'he') {
    const scale = Math.sqrt(2 / fanIn);
    for (let i = 0; i < out.length; i++) out[i] = random.normal() * scale;
    return out;
  }
  if (init === 'glorot') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < out.length; i++) out[i] = (random.next() * 2 - 1) * limit;
    return out;
  }
  throw new BackpropError('createNetwork', `weightInit must be 'he', 'glorot', 'zeros' or { constant: number }, got ${describeValue(init)}`);
}
