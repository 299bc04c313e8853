import { input, mul, param, sub } from '../expr/expr.js';
import type { UpdateRule } from './definition.js';

/** The article's update. */
export const sgdRule: UpdateRule<'sgd'> = {
  formula: 'W ← W − lr·G',
  defaultLr: 0.01,
  stateNames: [],
  resolve: (_spec, lr, weightDecay) => ({ kind: 'sgd', lr, weightDecay }),
  slots: 0,
  decay: 'coupled',
  update: (ops, p, grad, _state, h) => ops.sgdUpdate(p, grad, h.lr),
  kernel: { perStep: {}, p: sub(input('p'), mul(param('lr'), input('g'))), state: [] },
  hyperValues: (h) => ({ lr: h.lr }),
};
