import { BackpropError, describeValue } from '../errors.js';
import { checkUnitRate, type UpdateRule } from './definition.js';

/** SGD with (heavy-ball) momentum, PyTorch's form. */
export const momentumRule: UpdateRule<'momentum'> = {
  formula: 'v ← μ·v + G; W ← W − lr·v',
  defaultLr: 0.01,
  stateNames: ['momentum velocity'],
  resolve: (spec, lr, weightDecay, op) => ({
    kind: 'momentum',
    lr,
    momentum: checkUnitRate(op, 'momentum', spec.momentum ?? 0.9, describeValue, (o, d) => new BackpropError(o, d)),
    weightDecay,
  }),
  slots: 1,
  decay: 'coupled',
  update: (ops, param, grad, state, h) => {
    const r = ops.momentumUpdate(param, state[0]!, grad, h.lr, h.momentum);
    ops.dispose(state[0]!);
    state[0] = r.v;
    return r.w;
  },
  host: {
    hyper: (h) => ({ momentum: h.momentum }),
    perBatch: '',
    update: ({ p, g, m, size }) => `for (let i = 0; i < ${size}; i++) { const u = hMu * ${m}[i] + ${g}[i]; ${m}[i] = u; ${p}[i] -= hLr * u; }`,
  },
};
