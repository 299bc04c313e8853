/**
 * Loss and accuracy of a network on a split, both core's (same batch convention as training);
 * for a classification dataset trained with MSE (xor) the demo names the accuracy rule.
 */
import { accuracyRuleOf, evaluate, type AccuracyRule, type Network } from '@backprop/core';
import type { Split, Task } from './datasets/index.js';

export interface Metrics {
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * The accuracy rule of a classification network: its loss's own (core's), else, for one trained
 * with MSE (xor), a threshold at 0.5 for one output and argmax for several.
 */
export function classificationRule(network: Network): AccuracyRule {
  return accuracyRuleOf(network.loss) ?? (network.outputSize === 1 ? 'threshold' : 'argmax');
}

export async function measure(network: Network, split: Split, task: Task): Promise<Metrics> {
  const x = { data: split.x, rows: split.rows, cols: network.inputSize };
  const y = { data: split.y, rows: split.rows, cols: network.outputSize };
  if (task === 'regression') return { loss: (await evaluate(network, x, y)).loss };
  const evaluation = await evaluate(network, x, y, { accuracy: classificationRule(network) });
  return { loss: evaluation.loss, accuracy: evaluation.accuracy };
}
