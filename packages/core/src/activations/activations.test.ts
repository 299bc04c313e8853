/**
 * Each activation's derivative expression against its forward expression: the backward program
 * (dZ = dA ⊙ f'(Z), or softmax's Jacobian product) equals the gradient of Σ dA·f(Z) taken by
 * central finite differences of the forward program, in float64 (expr/evaluate.ts). The
 * reference, the host path and every backend compile these same two expressions.
 */
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../expr/evaluate.js';
import { activationBackwardProgram, activationForwardProgram } from '../programs.js';
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, type Activation } from './index.js';

function forward(kind: Activation, z: readonly number[], alpha: number): Float64Array {
  const p = activationForwardProgram(kind);
  return evaluateProgram(p, [z], p.params.length ? [alpha] : [], 1, z.length)[0] as Float64Array;
}

function backward(kind: Activation, e: readonly number[], z: readonly number[], alpha: number): Float64Array {
  const p = activationBackwardProgram(kind);
  const a = forward(kind, z, alpha);
  const by: Record<string, readonly number[] | Float64Array> = { e, z, a };
  return evaluateProgram(p, p.inputs.map((n) => by[n]!), p.params.length ? [alpha] : [], 1, z.length)[0] as Float64Array;
}

describe('activation definitions', () => {
  // Away from the kinks at 0; one row of six, so row-wise softmax is checked the same way.
  const z = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.6];
  const e = [0.7, -1.3, 0.25, 2, -0.5, 1.1];
  for (const kind of ACTIVATIONS) {
    for (const alpha of [0.1, 1]) {
      it(`${kind} (alpha ${alpha}): the derivative expression matches finite differences of the forward`, () => {
        const h = 1e-6;
        const dZ = backward(kind, e, z, alpha);
        for (let j = 0; j < z.length; j++) {
          const up = z.map((v, k) => (k === j ? v + h : v));
          const down = z.map((v, k) => (k === j ? v - h : v));
          const [fu, fd] = [forward(kind, up, alpha), forward(kind, down, alpha)];
          let numeric = 0;
          for (let k = 0; k < z.length; k++) numeric += (e[k]! * (fu[k]! - fd[k]!)) / (2 * h);
          expect(dZ[j], `${kind}'(${z[j]})`).toBeCloseTo(numeric, 6);
        }
      });
    }
  }

  it('known values: gelu(1) = 0.8411920, silu(1) = 0.7310586, softplus(0) = log 2, elu(−1) = α(1/e − 1)', () => {
    expect(forward('gelu', [1], 0)[0]).toBeCloseTo(0.841192, 6);
    expect(forward('silu', [1], 0)[0]).toBeCloseTo(0.7310586, 7);
    expect(forward('softplus', [0], 0)[0]).toBeCloseTo(Math.LN2, 12);
    expect(forward('softplus', [1000], 0)[0]).toBe(1000); // never overflows
    expect(forward('elu', [-1, 2], 0.5)).toEqual(Float64Array.of(0.5 * (Math.exp(-1) - 1), 2));
    expect(Array.from(forward('softmax', [1000, 1000], 0))).toEqual([0.5, 0.5]); // shifted: no overflow
  });

  it('an infinite error where the derivative is 0 gives 0, not NaN (relu, leakyRelu and elu with α = 0)', () => {
    for (const kind of ['relu', 'leakyRelu', 'elu'] as const) {
      expect(Array.from(backward(kind, [Infinity, -Infinity], [-1, -2], 0)), kind).toEqual([0, 0]);
    }
  });

  it('derived facts: identity, alpha, row-wise, what the derivative reads', () => {
    for (const kind of ACTIVATIONS) {
      const d = ACTIVATION_DEFINITIONS[kind];
      expect(typeof d.formula).toBe('string');
      expect(d.identity, kind).toBe(kind === 'linear');
      expect(d.rowWise, kind).toBe(kind === 'softmax');
      expect(d.usesAlpha, kind).toBe(kind === 'leakyRelu' || kind === 'elu');
    }
    expect(ACTIVATION_DEFINITIONS.sigmoid.derivativeReads).toBe('a');
    expect(ACTIVATION_DEFINITIONS.gelu.derivativeReads).toBe('z');
    expect(ACTIVATION_DEFINITIONS.elu.derivativeReads).toBe('both');
    expect(ACTIVATION_DEFINITIONS.linear.derivativeReads).toBe('none');
  });
});
