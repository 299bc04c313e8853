import type { Matrix } from '../backend.js';
import { BackpropError, describeValue } from '../errors.js';
import type { Ops } from '../ops.js';
import { add, div, input, mul, param, pow, sqrt, sub } from '../expr/expr.js';
import { checkUnitRate, type Resolved, type UpdateKernel, type UpdateRule } from './definition.js';

type AdamLike = Resolved<'adam'> | Resolved<'adamw'>;

export function resolveAdamHyper(spec: { beta1?: number; beta2?: number; epsilon?: number }, op: string): { beta1: number; beta2: number; epsilon: number } {
  const fail = (o: string, d: string): Error => new BackpropError(o, d);
  const beta1 = checkUnitRate(op, 'beta1', spec.beta1 ?? 0.9, describeValue, fail);
  const beta2 = checkUnitRate(op, 'beta2', spec.beta2 ?? 0.999, describeValue, fail);
  const epsilon = spec.epsilon ?? 1e-8;
  if (!(typeof epsilon === 'number' && epsilon > 0 && Number.isFinite(epsilon))) throw new BackpropError(op, `epsilon must be a finite number > 0, got ${describeValue(epsilon)}`);
  return { beta1, beta2, epsilon };
}

/** One Adam step through Ops, replacing the two moment handles. */
export function adamStep(ops: Ops, param: Matrix, grad: Matrix, state: Matrix[], h: AdamLike, step: number): Matrix {
  const r = ops.adamUpdate(param, state[0]!, state[1]!, grad, { lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon, step });
  ops.dispose(state[0]!);
  ops.dispose(state[1]!);
  state[0] = r.m;
  state[1] = r.v;
  return r.w;
}

const [beta1, beta2] = [param('beta1'), param('beta2')];
const [g, m, v] = [input('g'), input('m'), input('v')];
const m2 = add(mul(beta1, m), mul(sub(1, beta1), g));
const v2 = add(mul(beta2, v), mul(sub(1, beta2), mul(g, g)));
/** Bias-corrected moments, explicit rather than folded into the step size (that would move where ε applies). */
const mHat = div(m2, param('c1'));
const vHat = div(v2, param('c2'));

/** Adam's update as expressions, shared by adam and adamw (which decays the weights first). */
export const ADAM_KERNEL: UpdateKernel = {
  perStep: { c1: sub(1, pow(beta1, param('t'))), c2: sub(1, pow(beta2, param('t'))) },
  p: sub(input('p'), mul(param('lr'), div(mHat, add(sqrt(vHat), param('epsilon'))))),
  state: [
    { name: 'm', next: m2 },
    { name: 'v', next: v2 },
  ],
};

/** Adam with bias correction (Kingma & Ba, 2015, Algorithm 1). */
export const adamRule: UpdateRule<'adam'> = {
  formula: 'm ← β1·m + (1−β1)·G; v ← β2·v + (1−β2)·G²; W ← W − lr·m̂/(√v̂ + ε), m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)',
  defaultLr: 0.001,
  stateNames: ['adam first moment', 'adam second moment'],
  resolve: (spec, lr, weightDecay, op) => ({ kind: 'adam', lr, ...resolveAdamHyper(spec, op), weightDecay }),
  slots: 2,
  decay: 'coupled',
  update: (ops, param, grad, state, h, step) => adamStep(ops, param, grad, state, h, step),
  kernel: ADAM_KERNEL,
  hyperValues: (h) => ({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon }),
};
