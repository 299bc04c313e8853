/** `backprop predict`: load a saved model onto any backend and predict from a file or a dataset's test split. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { accuracy as coreAccuracy, evaluate, ModelFormatError, parseModel, type Network } from '@backprop/core';
import { Command, Option } from 'commander';
import { isRegressionLoss } from '@backprop/backends';
import { choiceLabel, closeBackend } from '../backends.js';
import type { Preprocessor } from '@backprop/data';
import { DATASET_NAMES, loadDataset, type Task } from '../datasets/index.js';
import { inputError, usageError } from '../errors.js';
import { readSamples, type Samples } from '../input-file.js';
import { classificationRule } from '../metrics.js';
import { createOutput, formatColumns, percent } from '../output.js';
import { startBackend } from './backend-session.js';
import { addBackendOptions, backendChoiceFrom, positiveInt, type BackendFlags } from './options.js';
import { checkPredictionsPath, writePredictions, type DirectCsv } from './predict-out.js';
import { predictionCsvHeader, predictionCsvLines } from './predict-csv.js';
import { namedPredictions, preprocessorFromMeta, readOptionsFromMeta, readTableSamples, unitsMetrics, type TableSamples } from './predict-table.js';

interface PredictFlags extends BackendFlags {
  readonly model: string;
  readonly input?: string;
  readonly data?: string;
  readonly dataset?: string;
  readonly limit?: number;
  readonly out?: string;
  readonly json?: boolean;
}

function readModelText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(`cannot read model file ${path}${code === 'ENOENT' ? ': no such file' : ` (${code ?? String(error)})`}`, 'train one with `backprop train --out model.json`');
  }
}

function loadNetwork(text: string, path: string, backend: Parameters<typeof parseModel>[1]): { network: Network; meta: Record<string, unknown> } {
  try {
    return parseModel(text, backend);
  } catch (error) {
    if (error instanceof ModelFormatError) throw inputError(`model file ${path} is not a usable backprop model: ${error.message}`);
    throw error;
  }
}

interface Source {
  readonly name: string;
  readonly samples: Samples | TableSamples;
  readonly task?: Task;
}

function sourceOf(flags: PredictFlags, meta: Record<string, unknown>, network: Network, preprocessor: Preprocessor | undefined): Source {
  if (flags.input !== undefined && flags.data !== undefined) throw usageError('--input and --data name the same thing: give one');
  const file = flags.data ?? flags.input;
  if (file !== undefined && flags.dataset !== undefined) throw usageError('give either --data or --dataset, not both');
  if (file !== undefined) {
    const path = resolve(file);
    // A model with preprocessing reads named columns (in any order); one without, bare numbers.
    const samples = preprocessor ? readTableSamples(path, file, preprocessor, network.inputSize, readOptionsFromMeta(meta)) : readSamples(path, network.inputSize, network.outputSize);
    return { name: path, samples, ...(preprocessor ? { task: preprocessor.task } : {}) };
  }
  const datasetName = flags.dataset ?? (typeof meta.dataset === 'string' ? meta.dataset : undefined);
  if (datasetName === undefined) throw usageError('nothing to predict: give --data <file.csv|file.json> or --dataset <name>');
  if (!DATASET_NAMES.includes(datasetName)) throw usageError(`unknown dataset '${datasetName}'`, `choose one of ${DATASET_NAMES.join(', ')}`);
  const dataset = loadDataset(datasetName);
  if (dataset.inputSize !== network.inputSize || dataset.outputSize !== network.outputSize) {
    throw inputError(
      `the model does not fit dataset ${dataset.name}: the model maps ${network.inputSize} inputs to ${network.outputSize} outputs, the dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs`,
      'use the dataset the model was trained on' + (typeof meta.dataset === 'string' ? ` (${meta.dataset})` : ''),
    );
  }
  return { name: `${dataset.name} test split`, samples: dataset.test, task: dataset.task };
}

/** Predictions of a model without preprocessing: the class index (or the outputs), with the row's targets when known. */
type RawPrediction =
  | { readonly row: number; readonly class: number; readonly targetClass?: number; readonly outputs: number[] }
  | { readonly row: number; readonly outputs: number[]; readonly targets?: number[] };

function rawPredictions(outputs: Float32Array | Float64Array, samples: Samples, cols: number, classify: boolean, count: number, start = 0): RawPrediction[] {
  return Array.from({ length: count - start }, (_, i) => {
    const r = start + i;
    const values = Array.from(outputs.subarray(r * cols, (r + 1) * cols));
    const target = samples.y ? Array.from(samples.y.subarray(r * cols, (r + 1) * cols)) : undefined;
    return classify
      ? { row: r + 1, class: classOf(outputs, r, cols), ...(target ? { targetClass: classOf(target, 0, cols) } : {}), outputs: values }
      : { row: r + 1, outputs: values, ...(target ? { targets: target } : {}) };
  });
}

function classOf(outputs: ArrayLike<number>, row: number, cols: number): number {
  if (cols === 1) return outputs[row]! >= 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < cols; c++) if (outputs[row * cols + c]! > outputs[row * cols + best]!) best = c;
  return best;
}

export async function runPredict(flags: PredictFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const request = backendChoiceFrom(flags, false);
  if (request === 'auto') throw usageError('--backend auto is not available for predict');
  // Checked before anything is read or computed: a bad --out is exit 2 or 3 at once.
  const outPath = flags.out === undefined ? undefined : resolve(flags.out);
  const outFormat = outPath === undefined ? undefined : checkPredictionsPath(outPath);
  const modelPath = resolve(flags.model);
  const text = readModelText(modelPath);
  const backend = await startBackend(request);
  try {
    const { network, meta } = loadNetwork(text, modelPath, backend);
    const preprocessor = preprocessorFromMeta(meta, modelPath);
    const source = sourceOf(flags, meta, network, preprocessor);
    const { samples } = source;
    const cols = network.outputSize;
    const x = { data: samples.x, rows: samples.rows, cols: network.inputSize };
    const started = performance.now();
    const out = await network.predictFlat(x);
    const seconds = (performance.now() - started) / 1000;
    refuseNonFinite(out.data, cols, 'lines' in samples ? samples.lines : undefined);
    const task: Task = source.task ?? (meta.task === 'regression' || meta.task === 'classification' ? meta.task : isRegressionLoss(network.loss) ? 'regression' : 'classification');
    const classify = task === 'classification';
    let loss: number | undefined;
    let accuracy: number | undefined;
    if (samples.y) {
      loss = (await evaluate(network, x, { data: samples.y, rows: samples.rows, cols })).loss;
      if (classify) accuracy = coreAccuracy(classificationRule(network), out.data, samples.y, samples.rows, cols);
    }
    const units = preprocessor && !classify && samples.y ? unitsMetrics(preprocessor, out.data, samples.y, samples.rows) : undefined;
    network.dispose();
    const notes = 'notes' in samples ? (samples.notes ?? []) : [];
    for (const note of notes) output.note(`note: ${note}`);
    const shown = Math.min(samples.rows, flags.limit ?? (output.json ? samples.rows : 10));
    const named = preprocessor ? namedPredictions(preprocessor, out.data, samples, shown) : undefined;
    const raw = named ? [] : rawPredictions(out.data, samples, cols, classify, shown);
    const predictions = named?.predictions ?? raw;
    if (outPath && outFormat) {
      // Every row, not only the shown ones, made and written a slice at a time.
      const slice = (start: number, end: number): readonly object[] =>
        preprocessor ? namedPredictions(preprocessor, out.data, samples, end, start, false).predictions : rawPredictions(out.data, samples, cols, classify, end, start);
      const direct: DirectCsv | undefined = preprocessor
        ? { header: predictionCsvHeader(preprocessor, samples), lines: (start, end) => predictionCsvLines(preprocessor, out.data, samples, start, end) }
        : undefined;
      writePredictions(outPath, outFormat, samples.rows, slice, direct);
    }
    const document = {
      command: 'predict',
      model: modelPath,
      backend: { name: request.backend, variant: request.variant, engine: backend.info.engine, precision: backend.info.precision },
      source: source.name,
      samples: samples.rows,
      task,
      loss: loss ?? null,
      accuracy: accuracy ?? null,
      ...(preprocessor ? { classes: preprocessor.classes ?? null, meanAbsoluteError: units?.mae ?? null, rmse: units?.rmse ?? null, r2: units?.r2 ?? null } : {}),
      notes,
      out: outPath ?? null,
      seconds,
      predictions,
    };
    const header = classify ? ['#', 'predicted', ...(samples.y ? ['target'] : []), 'outputs'] : ['#', 'outputs', ...(samples.y ? ['targets'] : [])];
    const round = (v: number[]): string => v.map((n) => n.toPrecision(3)).join(' ');
    const rows = raw.map((p, i) =>
      'class' in p
        ? [String(i), String(p.class), ...(p.targetClass !== undefined ? [String(p.targetClass)] : []), round(p.outputs)]
        : [String(i), round(p.outputs), ...('targets' in p && p.targets ? [round(p.targets)] : [])],
    );
    const human = [
      `model     ${modelPath} (${[network.inputSize, ...network.layers.map((l) => l.units)].join('-')}, ${network.loss})`,
      `backend   ${choiceLabel(request)} (${backend.info.engine}, ${backend.info.precision})`,
      `input     ${source.name}: ${samples.rows} samples`,
      '',
      formatColumns(named?.cells ?? [header, ...rows]),
      ...(shown < samples.rows ? [`… ${samples.rows - shown} more (--limit to show more, --json for all)`] : []),
      '',
      ...(loss !== undefined ? [`loss      ${loss.toPrecision(4)}`] : []),
      ...(accuracy !== undefined ? [`accuracy  ${percent(accuracy)} (${Math.round(accuracy * samples.rows)} of ${samples.rows})`] : []),
      ...(units !== undefined ? [`held out  RMSE ${units.rmse.toPrecision(4)}, MAE ${units.mae.toPrecision(4)} (in the target's units), R² ${units.r2 === null ? '-' : units.r2.toFixed(4)}`] : []),
      ...notes.map((n) => `note      ${n}`),
      ...(outPath ? [`written   ${outPath} (${samples.rows} predictions, ${outFormat})`] : []),
    ].join('\n');
    output.result(document, human);
  } finally {
    closeBackend(backend);
  }
}

export function predictCommand(): Command {
  const command = new Command('predict')
    .description("load a saved model onto any backend and predict from a JSON/CSV file or a dataset's test split, with accuracy when targets are known")
    .requiredOption('--model <file>', 'a model saved by `backprop train --out`')
    .option('--data <file>', 'rows to predict: for a model trained with --data (or on iris), a .csv/.json/.ndjson table with the same named columns in any order; otherwise bare numbers, as --input')
    .option('--input <file>', 'samples as bare numbers: .json ([[inputs]...] or {inputs, targets}) or .csv (inputs[, targets or class index])')
    .addOption(new Option('--dataset <name>', "predict the dataset's test split (default: the dataset the model was trained on)").choices(DATASET_NAMES))
    .option('--limit <n>', 'show only the first n predictions (default 10; all with --json)', positiveInt)
    .option('--out <file>', 'write every prediction here, with the input\'s line numbers: .csv or .json by the extension (atomically)')
    .option('--json', 'print one JSON document on stdout');
  addBackendOptions(command, false);
  return command.action((flags: PredictFlags) => runPredict(flags));
}

/**
 * A prediction that overflowed (an input far outside anything the network was trained on) is
 * an error naming the rows, not a NaN printed with exit 0.
 */
function refuseNonFinite(outputs: ArrayLike<number>, cols: number, lines: ArrayLike<number> | undefined): void {
  const bad: number[] = [];
  for (let i = 0; i < outputs.length && bad.length < 5; i++) {
    if (!Number.isFinite(outputs[i]!)) {
      const row = Math.floor(i / cols);
      bad.push(lines ? lines[row]! : row + 1);
      i = (row + 1) * cols - 1;
    }
  }
  if (bad.length > 0) {
    throw inputError(
      `the network's output is not a finite number for ${lines ? 'line' : 'row'}${bad.length > 1 ? 's' : ''} ${bad.join(', ')}${bad.length === 5 ? ' (and maybe more)' : ''}: the inputs there are too far outside the range it was trained on`,
      'check those rows for values many orders of magnitude larger than in the training data',
    );
  }
}
