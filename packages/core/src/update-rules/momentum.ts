import { BackpropError, describeValue } from '../errors.js';
import { add, input, mul, param, sub } from '../expr/expr.js';
import { checkUnitRate, type UpdateRule } from './definition.js';

/** v' = μ·v + G, shared by the velocity's and the weights' update. */
const velocity = add(mul(param('momentum'), input('v')), input('g'));

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
  update: (ops, p, grad, state, h) => {
    const r = ops.momentumUpdate(p, state[0]!, grad, h.lr, h.momentum);
    ops.dispose(state[0]!);
    state[0] = r.v;
    return r.w;
  },
  kernel: { perStep: {}, p: sub(input('p'), mul(param('lr'), velocity)), state: [{ name: 'v', next: velocity }] },
  hyperValues: (h) => ({ lr: h.lr, momentum: h.momentum }),
};
