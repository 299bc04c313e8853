/**
 * The CSV lines of a preprocessed model's predictions, made straight from the output arrays:
 * the columns `--out x.csv` has always written (those of the JSON objects, flattened: `line`,
 * `class`, `probability`, `probability_<class>` per class, `target`; or `line`, `value`,
 * `target`), without an object per prediction (2,000,000 rows: 62 s → a few seconds here).
 */
import { argmaxRows, type Preprocessor } from '@backprop/data';
import { csvField } from './predict-out.js';
import type { TableSamples } from './predict-table.js';

/** The header of the predictions' CSV. */
export function predictionCsvHeader(preprocessor: Preprocessor, samples: TableSamples): string[] {
  const line = samples.lines ? ['line'] : [];
  const target = samples.y ? ['target'] : [];
  const classes = preprocessor.classes;
  if (classes) return [...line, 'class', 'probability', ...classes.map((c) => `probability_${c}`), ...target];
  return [...line, 'value', ...target];
}

/** The CSV lines (with their line breaks) of rows start to end − 1. */
export function predictionCsvLines(preprocessor: Preprocessor, outputs: Float32Array | Float64Array, samples: TableSamples, start: number, end: number): string {
  const classes = preprocessor.classes?.map(csvField);
  const k = preprocessor.outputSize;
  const { lines, y } = samples;
  const regression = preprocessor.toJSON().target;
  const n = end - start;
  // The same choice as decodeClasses/classesOf: the first output of the largest value.
  const predicted = classes ? argmaxRows(outputs.subarray(start * k, end * k), n, k) : undefined;
  const actual = classes && y ? argmaxRows(y.subarray(start * k, end * k), n, k) : undefined;
  let text = '';
  for (let i = 0; i < n; i++) {
    const r = start + i;
    let row = lines ? `${lines[r]},` : '';
    if (classes) {
      const best = predicted![i]!;
      row += `${classes[best]},${outputs[r * k + best]}`;
      for (let c = 0; c < k; c++) row += `,${outputs[r * k + c]}`;
      if (actual) row += `,${classes[actual[i]!]}`;
    } else if (regression.kind === 'numeric') {
      row += String(outputs[r]! * regression.scale + regression.center);
      if (y) row += `,${y[r]! * regression.scale + regression.center}`;
    }
    text += row + '\n';
  }
  return text;
}
