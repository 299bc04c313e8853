import { ADAM_KERNEL, adamStep, resolveAdamHyper } from './adam.js';
import type { UpdateRule } from './definition.js';

/**
 * Adam with decoupled weight decay: the weights shrink by lr·λ before the Adam step, instead of
 * λ·W joining the gradient (where Adam's scaling would weaken it). Default λ = 0.01.
 * Source: Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019; the same
 * order as PyTorch's torch.optim.AdamW.
 */
export const adamwRule: UpdateRule<'adamw'> = {
  formula: 'W ← W·(1 − lr·λ), then the Adam step',
  defaultLr: 0.001,
  stateNames: ['adamw first moment', 'adamw second moment'],
  resolve: (spec, lr, weightDecay, op) => ({ kind: 'adamw', lr, ...resolveAdamHyper(spec, op), weightDecay: spec.weightDecay === undefined ? 0.01 : weightDecay }),
  slots: 2,
  decay: 'decoupled',
  update: (ops, param, grad, state, h, step, isWeight) => {
    if (!isWeight || h.weightDecay === 0) return adamStep(ops, param, grad, state, h, step);
    const decayed = ops.binaryScalar('mul', param, 1 - h.lr * h.weightDecay);
    const out = adamStep(ops, decayed, grad, state, h, step);
    ops.dispose(decayed);
    return out;
  },
  kernel: ADAM_KERNEL,
  hyperValues: (h) => ({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon }),
};
