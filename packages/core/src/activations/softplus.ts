import { keep, type ActivationDefinition } from './definition.js';

/** A smooth ReLU: log(1 + eᶻ), written so that it never overflows; its derivative is σ(z). */
export const softplus: ActivationDefinition = {
  formula: "f(z) = log(1 + e^z) = max(z, 0) + log(1 + e^−|z|); f'(z) = σ(z)",
  smooth: true,
  derivativeReads: 'z',
  identity: false,
  usesAlpha: false,
  forward: (b, z) => {
    const relu = b.unary('relu', z);
    const abs = b.unary('abs', z);
    const negAbs = b.unary('neg', abs);
    const e = b.unary('exp', negAbs);
    const onePlus = b.binaryScalar('add', e, 1);
    const log = b.unary('log', onePlus);
    return keep(b, b.binary('add', relu, log), relu, abs, negAbs, e, onePlus, log);
  },
  backward: (b, dA, z) => {
    const s = b.unary('sigmoid', z);
    return keep(b, b.binary('mul', dA, s), s);
  },
  host: {
    kind: 'elementwise',
    forward: (v) => `((${v} > 0 ? ${v} : 0) + Math.log(1 + Math.exp(-Math.abs(${v}))))`,
    backward: (e, z) => `${e} / (1 + Math.exp(-${z}))`,
  },
};
