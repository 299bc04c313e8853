/**
 * Evaluation: the loss (same batch convention as training) and, for classification losses,
 * accuracy. Runs in chunks so that a large test set never needs one huge matrix.
 */
import type { Loss } from './backend.js';
import { toDataMatrix, type DataInput } from './data.js';
import { BackpropError, describeValue } from './errors.js';
import { LOSS_DEFINITIONS, type AccuracyRule } from './losses/index.js';
import type { Network } from './network.js';

export interface Evaluation {
  readonly loss: number;
  /** Fraction of samples right under the accuracy rule (see AccuracyRule); absent for MSE unless a rule is asked for. */
  readonly accuracy?: number;
  readonly samples: number;
}

const CHUNK_ROWS = 1024;

export type { AccuracyRule } from './losses/index.js';

/** The rule a loss implies (its definition's): softmax cross-entropy → argmax, sigmoid binary cross-entropy → threshold, MSE → none. */
export function accuracyRuleOf(loss: Loss): AccuracyRule | undefined {
  return LOSS_DEFINITIONS[loss].accuracy;
}

/**
 * What a value of the compared array decides for 'threshold': an output ≥ 0.5, or, when the
 * logits are compared (a sigmoid output layer), a logit > 0, as Keras's binary accuracy decides
 * sigmoid(z) > 0.5. The logit's sign does not depend on how a backend rounds the sigmoid: on
 * float32, sigmoid(z) rounds to 0.5 for |z| below ~1e-7 (float64: below ~1e-16), so
 * thresholding the output called logits just below 0 the positive class on one backend and not
 * on another.
 */
type Decision = 'output' | 'logit';

/** Whether output row `o` matches target row `t` under `rule`. */
function rowCorrect(rule: AccuracyRule, out: ArrayLike<number>, y: ArrayLike<number>, o: number, t: number, cols: number, decision: Decision = 'output'): boolean {
  switch (rule) {
    case 'argmax': {
      let best = 0;
      let bestT = 0;
      for (let c = 1; c < cols; c++) {
        if (out[o + c]! > out[o + best]!) best = c;
        if (y[t + c]! > y[t + bestT]!) bestT = c;
      }
      return best === bestT;
    }
    case 'threshold':
      for (let c = 0; c < cols; c++) if ((decision === 'logit' ? out[o + c]! > 0 : out[o + c]! >= 0.5) !== y[t + c]! >= 0.5) return false;
      return true;
  }
}

/** Rows right under `rule`, for `rows` rows of outputs and targets starting at targets' row `targetRow`. */
function countCorrect(rule: AccuracyRule, out: ArrayLike<number>, y: ArrayLike<number>, targetRow: number, rows: number, cols: number, decision: Decision = 'output'): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) if (rowCorrect(rule, out, y, r * cols, (targetRow + r) * cols, cols, decision)) correct++;
  return correct;
}

/** The fraction of rows right under `rule`: row-major outputs and targets, rows × cols each. */
export function accuracy(rule: AccuracyRule, outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, cols: number): number {
  return countCorrect(rule, outputs, targets, 0, rows, cols) / rows;
}

export interface EvaluateOptions {
  /** Report accuracy under this rule; default the loss's own (none for MSE). */
  readonly accuracy?: AccuracyRule;
}

export async function evaluateMatrices(
  network: Network,
  x: { data: Float64Array; rows: number; cols: number },
  y: { data: Float64Array; rows: number; cols: number },
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const ops = network.ops;
  const rule = options.accuracy ?? accuracyRuleOf(network.loss);
  // A sigmoid output is judged on its logit (see Decision); argmax is the same on logits and
  // outputs, but the outputs are what it has always compared.
  const decision: Decision = rule === 'threshold' && network.outputActivation.kind === 'sigmoid' ? 'logit' : 'output';
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < x.rows; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, x.rows - start);
    const xm = ops.backend.fromArray(x.data.subarray(start * x.cols, (start + n) * x.cols), n, x.cols);
    const ym = ops.backend.fromArray(y.data.subarray(start * y.cols, (start + n) * y.cols), n, y.cols);
    const trace = network.forwardTrace(xm);
    try {
      const last = trace.zs.length - 1;
      const loss = ops.lossValue(network.loss, network.outputActivation, trace.zs[last]!, trace.as[last]!, ym);
      lossSum += (await ops.read(loss))[0]! * n;
      ops.dispose(loss);
      if (rule) correct += countCorrect(rule, await ops.read(decision === 'logit' ? trace.zs[last]! : trace.as[last]!), y.data, start, n, y.cols, decision);
    } finally {
      network.disposeTrace(trace);
      ops.dispose(xm);
      ops.dispose(ym);
    }
  }
  return { loss: lossSum / x.rows, accuracy: rule ? correct / x.rows : undefined, samples: x.rows };
}

/** Loss and (for classification losses) accuracy of `network` on (x, y). */
export async function evaluate(network: Network, xInput: DataInput, yInput: DataInput, options: EvaluateOptions = {}): Promise<Evaluation> {
  network.assertAlive('evaluate');
  const x = toDataMatrix('evaluate', 'x', xInput, network.inputSize, network.ops.info.precision);
  const y = toDataMatrix('evaluate', 'y', yInput, network.outputSize, network.ops.info.precision);
  if (x.rows !== y.rows) throw new BackpropError('evaluate', `x and y must have the same number of rows, got ${x.rows} and ${y.rows}`);
  if (options.accuracy !== undefined && options.accuracy !== 'argmax' && options.accuracy !== 'threshold') {
    throw new BackpropError('evaluate', `accuracy must be 'argmax' or 'threshold', got ${describeValue(options.accuracy)}`);
  }
  return evaluateMatrices(network, x, y, options);
}
