/**
 * Each activation's host snippets against themselves: the derivative snippet equals a central
 * finite difference of the forward snippet (float64, away from kinks). The reference built from
 * primitives is checked against the same math by the conformance suite on every backend.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATION_DEFINITIONS, ACTIVATIONS } from './index.js';

/** Compiles an elementwise activation's forward and e·f' snippets into functions. */
function compile(kind: (typeof ACTIVATIONS)[number]): { f: (v: number, alpha: number) => number; df: (z: number, alpha: number) => number } | undefined {
  const host = ACTIVATION_DEFINITIONS[kind].host;
  if (host.kind !== 'elementwise') return undefined;
  const helpers = host.helpers ?? '';
  /* eslint-disable @typescript-eslint/no-implied-eval -- the snippets are the code under test; the host path compiles them the same way */
  const f = new Function('v', 'alpha', `${helpers}\nreturn ${host.forward('v', 'alpha')};`) as (v: number, alpha: number) => number;
  const backward = host.backward ? host.backward('1', 'zv', 'av', 'alpha') : '1';
  const fd = new Function('zv', 'av', 'alpha', `${helpers}\nreturn ${backward};`) as (z: number, a: number, alpha: number) => number;
  /* eslint-enable @typescript-eslint/no-implied-eval */
  return { f, df: (z, alpha) => fd(z, f(z, alpha), alpha) };
}

describe('activation definitions', () => {
  const points = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.6];
  for (const kind of ACTIVATIONS) {
    const fns = compile(kind);
    if (!fns) continue; // row-wise (softmax): checked by the conformance suite's gradient checks
    it(`${kind}: the host derivative matches finite differences of the host forward`, () => {
      const h = 1e-6;
      for (const z of points) {
        const numeric = (fns.f(z + h, 0.1) - fns.f(z - h, 0.1)) / (2 * h);
        expect(fns.df(z, 0.1), `${kind}'(${z})`).toBeCloseTo(numeric, 7);
      }
    });
  }

  it('known values: gelu(1) = 0.8411920, silu(1) = 0.7310586, softplus(0) = log 2', () => {
    expect(compile('gelu')!.f(1, 0)).toBeCloseTo(0.841192, 6);
    expect(compile('silu')!.f(1, 0)).toBeCloseTo(0.7310586, 7);
    expect(compile('softplus')!.f(0, 0)).toBeCloseTo(Math.LN2, 12);
    // softplus must not overflow for large inputs
    expect(compile('softplus')!.f(1000, 0)).toBe(1000);
  });

  it('every definition states what it needs', () => {
    for (const kind of ACTIVATIONS) {
      const d = ACTIVATION_DEFINITIONS[kind];
      expect(typeof d.formula).toBe('string');
      expect(['z', 'a', 'both', 'none']).toContain(d.derivativeReads);
      expect(d.identity).toBe(kind === 'linear');
    }
  });
});
