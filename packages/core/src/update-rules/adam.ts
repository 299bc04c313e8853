import type { Matrix } from '../backend.js';
import { BackpropError, describeValue } from '../errors.js';
import type { Ops } from '../ops.js';
import { checkUnitRate, type HostUpdateNames, type Resolved, type UpdateRule } from './definition.js';

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

/** The host loop of one Adam step (hC1, hC2: this batch's bias corrections). */
export function adamHostUpdate({ p, g, m, v, size }: HostUpdateNames): string {
  return `for (let i = 0; i < ${size}; i++) { const gi = ${g}[i];
      const mi = hB1 * ${m}[i] + (1 - hB1) * gi; const vi = hB2 * ${v}[i] + (1 - hB2) * gi * gi;
      ${m}[i] = mi; ${v}[i] = vi; ${p}[i] -= (hLr * (mi / hC1)) / (Math.sqrt(vi / hC2) + hEps); }`;
}

export const ADAM_PER_BATCH = 'const hC1 = 1 - Math.pow(hB1, t), hC2 = 1 - Math.pow(hB2, t);';

/** Adam with bias correction (Kingma & Ba, 2015, Algorithm 1). */
export const adamRule: UpdateRule<'adam'> = {
  formula: 'm ← β1·m + (1−β1)·G; v ← β2·v + (1−β2)·G²; W ← W − lr·m̂/(√v̂ + ε), m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)',
  defaultLr: 0.001,
  stateNames: ['adam first moment', 'adam second moment'],
  resolve: (spec, lr, weightDecay, op) => ({ kind: 'adam', lr, ...resolveAdamHyper(spec, op), weightDecay }),
  slots: 2,
  decay: 'coupled',
  update: (ops, param, grad, state, h, step) => adamStep(ops, param, grad, state, h, step),
  host: {
    hyper: (h) => ({ beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon }),
    perBatch: ADAM_PER_BATCH,
    update: adamHostUpdate,
  },
};
