import type { UpdateRule } from './definition.js';

/** The article's update. */
export const sgdRule: UpdateRule<'sgd'> = {
  formula: 'W ← W − lr·G',
  defaultLr: 0.01,
  stateNames: [],
  resolve: (_spec, lr, weightDecay) => ({ kind: 'sgd', lr, weightDecay }),
  slots: 0,
  decay: 'coupled',
  update: (ops, param, grad, _state, h) => ops.sgdUpdate(param, grad, h.lr),
  host: {
    hyper: () => ({}),
    perBatch: '',
    update: ({ p, g, size }) => `for (let i = 0; i < ${size}; i++) ${p}[i] -= hLr * ${g}[i];`,
  },
};
