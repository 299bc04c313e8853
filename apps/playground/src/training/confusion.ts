/** Classes from network outputs, accuracy, and the confusion matrix. */

/** The index of the largest output of each row (rows×classes, row-major). */
export function predictedClasses(outputs: ArrayLike<number>, rows: number, classes: number): Uint8Array {
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[r * classes + c]! > outputs[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
}

/** Fraction of rows whose predicted class is the label. */
export function accuracyOf(predicted: Uint8Array, labels: Uint8Array): number {
  if (predicted.length !== labels.length) throw new Error(`accuracyOf: ${predicted.length} predictions for ${labels.length} labels`);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** counts[true][predicted], flattened row-major: classes×classes. */
export function confusionMatrix(predicted: Uint8Array, labels: Uint8Array, classes: number): Uint32Array {
  if (predicted.length !== labels.length) throw new Error(`confusionMatrix: ${predicted.length} predictions for ${labels.length} labels`);
  const counts = new Uint32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]! * classes + predicted[i]!]!++;
  return counts;
}
