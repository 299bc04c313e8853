/**
 * Evaluation: the loss (same batch convention as training) and, for classification losses,
 * accuracy. Runs in chunks so that a large test set never needs one huge matrix.
 */
import type { Loss } from './backend.js';
import { toDataMatrix, type DataInput } from './data.js';
import { BackpropError } from './errors.js';
import type { Network } from './network.js';

export interface Evaluation {
  readonly loss: number;
  /** Fraction of samples classified right: argmax for softmax cross-entropy, each output thresholded at 0.5 for sigmoid binary cross-entropy. */
  readonly accuracy?: number;
  readonly samples: number;
}

const CHUNK_ROWS = 1024;

function countCorrect(loss: Loss, out: ArrayLike<number>, y: Float64Array, rowStart: number, rows: number, cols: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const t = (rowStart + r) * cols;
    if (loss === 'softmaxCrossEntropy') {
      let best = 0;
      let bestT = 0;
      for (let c = 1; c < cols; c++) {
        if (out[o + c]! > out[o + best]!) best = c;
        if (y[t + c]! > y[t + bestT]!) bestT = c;
      }
      if (best === bestT) correct++;
    } else {
      let all = true;
      for (let c = 0; c < cols; c++) if (out[o + c]! >= 0.5 !== y[t + c]! >= 0.5) all = false;
      if (all) correct++;
    }
  }
  return correct;
}

export async function evaluateMatrices(
  network: Network,
  x: { data: Float64Array; rows: number; cols: number },
  y: { data: Float64Array; rows: number; cols: number },
): Promise<Evaluation> {
  const ops = network.ops;
  const classify = network.loss !== 'mse';
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
      if (classify) correct += countCorrect(network.loss, await ops.read(trace.as[last]!), y.data, start, n, y.cols);
    } finally {
      network.disposeTrace(trace);
      ops.dispose(xm);
      ops.dispose(ym);
    }
  }
  return { loss: lossSum / x.rows, accuracy: classify ? correct / x.rows : undefined, samples: x.rows };
}

/** Loss and (for classification losses) accuracy of `network` on (x, y). */
export async function evaluate(network: Network, xInput: DataInput, yInput: DataInput): Promise<Evaluation> {
  network.assertAlive('evaluate');
  const x = toDataMatrix('evaluate', 'x', xInput, network.inputSize);
  const y = toDataMatrix('evaluate', 'y', yInput, network.outputSize);
  if (x.rows !== y.rows) throw new BackpropError('evaluate', `x and y must have the same number of rows, got ${x.rows} and ${y.rows}`);
  return evaluateMatrices(network, x, y);
}
