/**
 * Loss and accuracy of a network on a split. The loss is core's (same batch convention as
 * training); accuracy is core's for cross-entropy losses, and computed here for a
 * classification dataset trained with MSE (xor), where core reports none.
 */
import { evaluate, type Network } from '@backprop/core';
import type { Split, Task } from './datasets/index.js';

export interface Metrics {
  readonly loss: number;
  readonly accuracy?: number;
}

/** Argmax agreement for several outputs; each output thresholded at 0.5 for one output. */
export function accuracyOf(outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, cols: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    if (cols === 1) {
      if (outputs[o]! >= 0.5 === targets[o]! >= 0.5) correct++;
      continue;
    }
    let best = 0;
    let bestTarget = 0;
    for (let c = 1; c < cols; c++) {
      if (outputs[o + c]! > outputs[o + best]!) best = c;
      if (targets[o + c]! > targets[o + bestTarget]!) bestTarget = c;
    }
    if (best === bestTarget) correct++;
  }
  return correct / rows;
}

export async function measure(network: Network, split: Split, task: Task): Promise<Metrics> {
  const x = { data: split.x, rows: split.rows, cols: network.inputSize };
  const y = { data: split.y, rows: split.rows, cols: network.outputSize };
  const evaluation = await evaluate(network, x, y);
  if (task === 'regression') return { loss: evaluation.loss };
  if (evaluation.accuracy !== undefined) return { loss: evaluation.loss, accuracy: evaluation.accuracy };
  const out = await network.predictFlat(x);
  return { loss: evaluation.loss, accuracy: accuracyOf(out.data, split.y, split.rows, out.cols) };
}
