/**
 * Backpropagation against finite differences (gradientCheck) on networks with each activation
 * and each loss, and the backend's gradients against the float64 reference's for the same weights.
 */
import { ACTIVATION_DEFINITIONS, ACTIVATIONS, createNetwork, gradientCheck, LOSS_DEFINITIONS, LOSSES, pairedOutputActivation, type Activation, type Loss, type NetworkSpec } from '@backprop/core';
import { expect } from 'vitest';
import { randomValues, type SuiteContext } from '../context.js';
import { lossActivations } from './composites.js';

/**
 * Networks covering every activation of core's registry as a hidden layer (with each loss and
 * its paired output) and as an output layer (under every loss that accepts it), so an
 * activation added to core is gradient-checked on every backend the day it lands.
 */
export function gradientNetworks(): { label: string; spec: NetworkSpec; smooth: boolean }[] {
  const out: { label: string; spec: NetworkSpec; smooth: boolean }[] = [];
  const add = (hidden: Activation, output: Activation, loss: Loss): void => {
    out.push({
      label: `${hidden} hidden, ${output} output, ${loss}`,
      // Smooth per the definitions: float32 finite differences hold only away from kinks.
      smooth: ACTIVATION_DEFINITIONS[hidden].smooth && ACTIVATION_DEFINITIONS[output].smooth,
      spec: {
        inputSize: 3,
        layers: [
          { units: 4, activation: hidden, alpha: 0.1 },
          { units: 3, activation: output, alpha: 0.1 },
        ],
        loss,
        seed: 11,
      },
    });
  };
  for (const hidden of ACTIVATIONS) for (const loss of LOSSES) add(hidden, pairedOutputActivation(loss) ?? 'linear', loss);
  for (const loss of LOSSES) for (const output of lossActivations(loss)) if (output !== (pairedOutputActivation(loss) ?? 'linear')) add('tanh', output, loss);
  return out;
}

export function gradientData(loss: Loss, rows = 5): { x: { data: Float64Array; rows: number; cols: number }; y: { data: Float64Array; rows: number; cols: number } } {
  const x = randomValues(rows * 3, 5, -1, 1);
  let y = randomValues(rows * 3, 6, 0, 1);
  const kind = LOSS_DEFINITIONS[loss].targets;
  if (kind === 'oneHot') y = y.map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)); // class = row mod 3
  if (kind === 'binary') y = y.map((v) => (v > 0.5 ? 1 : 0));
  return { x: { data: x, rows, cols: 3 }, y: { data: y, rows, cols: 3 } };
}

export function gradientCases(ctx: SuiteContext): void {
  ctx.check('gradients: backprop matches finite differences for every activation × loss', async () => {
    const name = 'gradients: backprop matches finite differences for every activation × loss';
    const before = ctx.ops.liveHandles();
    const float64 = ctx.backend.info.precision === 'float64';
    let checked = 0;
    for (const { label, spec, smooth } of gradientNetworks()) {
      // In float32, a finite-difference step large enough to beat rounding (1e-2) can cross a
      // ReLU kink; kinked networks are covered in float32 by the comparison with the reference below.
      if (!float64 && !smooth) continue;
      const net = createNetwork(ctx.ops, spec);
      const { x, y } = gradientData(spec.loss!);
      const result = await gradientCheck(net, x, y, float64 ? { epsilon: 1e-5 } : { epsilon: 1e-2, maxPerMatrix: 6 });
      net.dispose();
      checked++;
      // float64: the worst relative error of any entry; float32: the worst error relative to the largest gradient.
      const measure = float64 ? result.maxRelativeError : result.maxAbsoluteError / Math.max(1e-3, result.maxAbsoluteGradient);
      ctx.recorder.errors(name, result.maxAbsoluteError, result.maxRelativeError);
      expect(measure, `${label}: worst ${JSON.stringify(result.worst)}`).toBeLessThanOrEqual(ctx.tol.gradient);
    }
    expect(checked).toBeGreaterThan(0);
    expect(ctx.ops.liveHandles()).toBe(before);
  });

  ctx.check('gradients: same as the float64 reference for the same weights', async () => {
    const name = 'gradients: same as the float64 reference for the same weights';
    const before = ctx.ops.liveHandles();
    for (const { label, spec } of gradientNetworks()) {
      const netT = createNetwork(ctx.ops, spec);
      const netR = createNetwork(ctx.reference, spec);
      // Start both from the weights the backend under test holds (rounded to its precision).
      const weights = await netT.getWeights();
      weights.forEach((lw, i) => netR.setLayerWeights(i, lw.w, lw.b));
      const { x, y } = gradientData(spec.loss!, 7);
      const xt = ctx.ops.fromArray(Float32Array.from(x.data), x.rows, x.cols);
      const yt = ctx.ops.fromArray(y.data, y.rows, y.cols);
      const xr = ctx.reference.fromArray(Float32Array.from(x.data), x.rows, x.cols);
      const yr = ctx.reference.fromArray(y.data, y.rows, y.cols);
      const gt = netT.gradients(xt, yt);
      const gr = netR.gradients(xr, yr);
      const tol = { abs: ctx.tol.abs * 20, rel: ctx.tol.rel * 20 };
      ctx.expectClose(name, await ctx.read(gt.loss), await ctx.reference.read(gr.loss), `${label}: loss`, tol);
      for (let l = 0; l < gt.dW.length; l++) {
        ctx.expectClose(name, await ctx.read(gt.dW[l]!), await ctx.reference.read(gr.dW[l]!), `${label}: dW[${l}]`, tol);
        ctx.expectClose(name, await ctx.read(gt.db[l]!), await ctx.reference.read(gr.db[l]!), `${label}: db[${l}]`, tol);
      }
      for (const m of [gt.loss, ...gt.dW, ...gt.db, xt, yt]) ctx.ops.dispose(m);
      for (const m of [gr.loss, ...gr.dW, ...gr.db, xr, yr]) ctx.reference.dispose(m);
      netT.dispose();
      netR.dispose();
    }
    expect(ctx.ops.liveHandles()).toBe(before);
  });
}
