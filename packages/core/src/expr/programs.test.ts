/**
 * Every program core hands a backend, through the three ways core runs one: the float64
 * interpreter (what the language means), the generated JavaScript kernel (the host path and
 * backend-js) and the reference on primitives (what every fused kernel is checked against).
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../backend.js';
import { allPrograms, activationForwardProgram, outputErrorProgram } from '../programs.js';
import { createFloat64Backend } from '../test-support/float64-backend.js';
import { evaluateProgram } from './evaluate.js';
import { compileJsKernel, jsKernelSource } from './js.js';
import { runOnPrimitives } from './on-primitives.js';
import type { Program } from './program.js';

const ROWS = 3;
const COLS = 4;

/** Inputs a program can take: probabilities for `a` and `y` (log and division stay finite), a positive second moment `v`, signed values elsewhere. */
function inputsFor(program: Program): number[][] {
  return program.inputs.map((name, i) =>
    Array.from({ length: ROWS * COLS }, (_, k) => {
      const u = Math.sin(17 * k + 5 * i + 1);
      return name === 'a' || name === 'y' || name === 'v' ? 0.1 + 0.8 * Math.abs(u) : 2 * u;
    }),
  );
}
const paramsFor = (program: Program): number[] => program.params.map((name) => (name === 'batch' ? ROWS : name === 't' ? 3 : name === 'c1' || name === 'c2' ? 0.3 : 0.1));

describe('programs', () => {
  for (const program of allPrograms()) {
    it(`${program.key}: JS kernel = interpreter exactly; reference on primitives within 1e-12`, () => {
      const inputs = inputsFor(program);
      const params = paramsFor(program);
      const meaning = evaluateProgram(program, inputs, params, ROWS, COLS);

      const outputs = program.outputs.map((o) => (o.reduce ? undefined : new Float64Array(ROWS * COLS)));
      const sums = compileJsKernel(program)(inputs.map((d) => Float64Array.from(d)), params, outputs, ROWS, COLS);
      let s = 0;
      program.outputs.forEach((o, i) => {
        if (o.reduce) expect(sums[s++]).toBe(meaning[i]);
        else expect(outputs[i]).toEqual(meaning[i]);
      });

      const b = createFloat64Backend();
      const handles: Matrix[] = inputs.map((d) => b.fromArray(d, ROWS, COLS));
      const results = runOnPrimitives(b, program, handles, params);
      expect(b.liveHandles(), 'every intermediate disposed').toBe(handles.length + results.length);
      results.forEach((m, i) => {
        const got = b.readSync!(m);
        const want = meaning[i]!;
        const expected = typeof want === 'number' ? [want] : Array.from(want);
        Array.from(got).forEach((v, k) => expect(Math.abs(v - expected[k]!), `${program.outputs[i]!.name}[${k}]`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[k]!))));
      });
    });
  }

  it('a node read twice is computed once (gelu: one tanh)', () => {
    expect(jsKernelSource(activationForwardProgram('gelu')).match(/Math\.tanh/g)).toHaveLength(1);
  });

  it('what is the same for a whole row is computed once per row (log-softmax: one log, before the element loop)', () => {
    const source = jsKernelSource(outputErrorProgram('softmaxCrossEntropy', 'softmax'));
    expect(source.match(/Math\.log/g)).toHaveLength(1);
    expect(source.indexOf('Math.log')).toBeLessThan(source.indexOf('for (let c'));
  });

  it('parameters are arguments, never text: the kernel source does not depend on alpha or the batch', () => {
    const source = jsKernelSource(outputErrorProgram('mse', 'leakyRelu'));
    expect(source).toContain('P[');
    expect(source).not.toMatch(/0\.01/);
  });

  it('a passed-through input comes back as a new handle (linear)', () => {
    const b = createFloat64Backend();
    const z = b.fromArray([1, 2], 1, 2);
    const [a] = runOnPrimitives(b, activationForwardProgram('linear'), [z], []);
    expect(a).not.toBe(z);
    expect(Array.from(b.readSync!(a!))).toEqual([1, 2]);
  });
});
