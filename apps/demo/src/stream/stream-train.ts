/**
 * `backprop train --data big.csv` on a file too large to read whole (or with --stream): the
 * file is streamed from disk in every pass, never held in memory. One pass fits the
 * preprocessing on the training rows (@backprop/data's streaming fit); each epoch streams the
 * training rows again through a seeded shuffle buffer into core's fitDataset; a last pass
 * measures the held-out rows. The held-out split hashes each row's file line with the seed
 * (seeded, the same in every pass; stratified in expectation, see @backprop/data's held-out.ts).
 * Memory: a read chunk, a chunk of parsed rows, the shuffle buffer and one batch.
 */
import { basename, extname, resolve } from 'node:path';
import { createNetwork, evaluate, fitDataset, shuffled, type Activation, type Loss, type Network, type OptimizerSpec } from '@backprop/core';
import { saveModel } from '@backprop/core/node';
import { fitPreprocessorStreaming, inferTask, rowCount, type Preprocessor, type Task } from '@backprop/data';
import { fileDataset, fileSize, streamedRows, streamTable } from '@backprop/data/node';
import { closeBackend } from '../backends.js';
import { chooseFastest, FASTEST_CANDIDATES, quickDecisionText, TFJS_CANDIDATES } from '../auto/quick-choice.js';
import { startBackend, startBackendOrAuto, type StartedBackend } from '../commands/backend-session.js';
import { commaList, trainBackendRequest, type BackendFlags } from '../commands/options.js';
import { withDataErrors, type TrainDataFlags } from '../commands/train-data.js';
import type { Dataset, OptimizerKind } from '../datasets/dataset.js';
import { usageError } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { networkSpecFor, optimizerSpecFor, parseHiddenLayers, shapeText } from '../network-options.js';
import { createOutput, percent, thousands } from '../output.js';
import { createRowProgress } from './stream-progress.js';

export interface StreamTrainFlags extends BackendFlags, TrainDataFlags {
  readonly stream?: boolean;
  readonly shuffleBuffer?: number;
  readonly layers?: string;
  readonly activation?: Activation;
  readonly loss?: Loss;
  readonly optimizer?: OptimizerKind;
  readonly lr?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed: number;
  readonly clipValue?: number;
  readonly clipNorm?: number;
  readonly weightDecay?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly refreshAuto?: boolean;
}

/** Defaults of a streamed table: those of tableDataset, but one epoch and larger batches (millions of rows). */
const STREAM_EPOCHS = 1;
const STREAM_BATCH = 128;
export const DEFAULT_SHUFFLE_BUFFER = 10_000;
const SPLIT_SEED = 42;

/** Flags of `train` that the streamed path does not support yet, with what to do instead. */
const NOT_STREAMED: [keyof Record<string, unknown>, string][] = [
  ['limit', '--limit: cut the file instead (head -n)'],
  ['dropout', '--dropout'],
  ['lrSchedule', '--lr-schedule'],
  ['earlyStopping', '--early-stopping'],
  ['restoreBestWeights', '--restore-best-weights'],
  ['validationSplit', '--validation-split (the held-out --test-split rows are measured after training)'],
  ['checkpoint', '--checkpoint'],
  ['checkpointEvery', '--checkpoint-every'],
  ['resume', '--resume'],
  ['dataset', '--dataset (built-in datasets are in memory)'],
];

/** Reads the target's task from the first rows when --task is not given. */
async function firstChunk(path: string, flags: StreamTrainFlags): Promise<{ columns: readonly string[]; task: Task; note?: string }> {
  const stream = streamTable(path, { source: flags.data, ...(flags.decimalComma ? { decimalComma: true } : {}) });
  const first = await stream.next();
  await stream.return(undefined);
  if (first.done) throw usageError(`${flags.data} has no data rows`);
  const table = first.value;
  if (flags.task) return { columns: table.columns, task: flags.task };
  const inferred = inferTask(table, flags.target!);
  return { columns: table.columns, task: inferred.task, note: `task ${inferred.task}, inferred from the first ${rowCount(table).toLocaleString('en-US')} rows: ${inferred.reason} (--task to choose)` };
}

/** Loss and accuracy over the held-out rows, streamed in batches (weighted by rows). */
async function measureStreamed(network: Network, rows: AsyncIterable<{ x: { data: ArrayLike<number>; rows: number; cols: number }; y: { data: ArrayLike<number>; rows: number; cols: number } }>): Promise<{ loss: number; accuracy: number; rows: number }> {
  let loss = 0;
  let accuracy = 0;
  let n = 0;
  for await (const b of rows) {
    const e = await evaluate(network, b.x as never, b.y as never);
    loss += e.loss * b.x.rows;
    accuracy += (e.accuracy ?? 0) * b.x.rows;
    n += b.x.rows;
  }
  return { loss: loss / n, accuracy: accuracy / n, rows: n };
}

export async function runStreamTrain(flags: StreamTrainFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const started = performance.now();
  for (const [key, flag] of NOT_STREAMED) {
    if ((flags as unknown as Record<string, unknown>)[key] !== undefined && (flags as unknown as Record<string, unknown>)[key] !== false) {
      throw usageError(`${flag.split(' ')[0]} is not supported when the data is streamed yet`, `${flag.includes(':') ? flag.slice(flag.indexOf(':') + 2) : 'drop it'}, or train in memory on a file under the streaming threshold without --stream`);
    }
  }
  if (flags.data === undefined || flags.target === undefined) throw usageError('--stream needs --data <file> and --target <column>');
  if (flags.missing === 'median' || flags.missing === 'mode') throw usageError(`--missing ${flags.missing} needs every value of a column at once, which streaming does not keep`, 'use --missing mean, drop or error');
  const path = resolve(flags.data);
  const modelPath = flags.out === undefined ? undefined : resolve(flags.out);
  if (modelPath) ensureParentDirectory(modelPath, 'model', 'model.json');
  const read = { source: flags.data, ...(flags.decimalComma ? { decimalComma: true } : {}) };
  const bytes = withDataErrors(() => fileSize(path, flags.data));
  const head = await withDataErrorsAsync(() => firstChunk(path, flags));
  const testFraction = flags.testSplit ?? 0.2;
  const split = { testFraction, seed: SPLIT_SEED };
  const missing = flags.missing ?? 'error';
  const featureNames = flags.features !== undefined ? commaList(flags.features) : head.columns.filter((c) => c !== flags.target);
  const dropIn = missing === 'error' ? undefined : missing === 'drop' ? [...featureNames, flags.target] : [flags.target];

  // Pass 1: the preprocessing, fitted on the training rows only.
  const fitStarted = performance.now();
  const fitted = await withDataErrorsAsync(() =>
    fitPreprocessorStreaming(streamedRows(path, { ...read, split, part: 'train', ...(dropIn ? { dropIncompleteIn: dropIn } : {}) }), {
      target: flags.target!,
      task: head.task,
      missing,
      ...(flags.features !== undefined ? { features: featureNames } : {}),
      ...(flags.categorical !== undefined ? { categorical: commaList(flags.categorical) } : {}),
      ...(flags.normalize ? { normalize: flags.normalize } : {}),
    }),
  );
  const preprocessSeconds = (performance.now() - fitStarted) / 1000;
  const preprocessor: Preprocessor = fitted.preprocessor;
  const trainRows = fitted.rows;
  const classification = head.task === 'classification';
  const description: Dataset = {
    name: basename(path, extname(path)),
    description: path,
    task: head.task,
    inputSize: preprocessor.inputSize,
    outputSize: preprocessor.outputSize,
    // The rows stay on disk: these empty splits only carry the counts for the network defaults.
    train: { x: new Float64Array(0), y: new Float64Array(0), rows: trainRows },
    test: { x: new Float64Array(0), y: new Float64Array(0), rows: 0 },
    splitNote: `seeded held-out split by hashing each row's file line: ${Math.round((1 - testFraction) * 100)}/${Math.round(testFraction * 100)} in expectation (per class too)`,
    defaults: {
      hidden: [32],
      activation: 'relu',
      outputActivation: classification ? 'softmax' : 'linear',
      loss: classification ? 'softmaxCrossEntropy' : 'mse',
      optimizer: 'adam',
      lr: 0.01,
      epochs: STREAM_EPOCHS,
      batchSize: STREAM_BATCH,
    },
    preprocessor,
  };
  const spec = networkSpecFor(description, { layers: flags.layers === undefined ? undefined : parseHiddenLayers(flags.layers), activation: flags.activation, loss: flags.loss, seed: flags.seed });
  const optimizer: OptimizerSpec = optimizerSpecFor(description, { optimizer: flags.optimizer, lr: flags.lr, seed: flags.seed, weightDecay: flags.weightDecay });
  const epochs = flags.epochs ?? STREAM_EPOCHS;
  const batchSize = flags.batchSize ?? STREAM_BATCH;
  const bufferSize = flags.shuffleBuffer ?? DEFAULT_SHUFFLE_BUFFER;
  const notes = [
    `streamed from disk (${(bytes / 2 ** 20).toFixed(1)} MiB): preprocessing fitted in one pass over ${thousands(trainRows)} training rows in ${preprocessSeconds.toFixed(1)} s`,
    ...(head.note ? [head.note] : []),
  ];
  for (const note of notes) output.note(`note: ${note}`);

  const request = trainBackendRequest(flags, FASTEST_CANDIDATES, TFJS_CANDIDATES);
  let session: StartedBackend;
  if (typeof request === 'object' && 'candidates' in request) {
    const quick = await chooseFastest(request.candidates, spec, batchSize, { refresh: flags.refreshAuto === true });
    output.note(`backend: ${quickDecisionText(quick)}`);
    session = { backend: await startBackend(quick.choice), choice: quick.choice };
  } else {
    session = await startBackendOrAuto(request, spec, batchSize, output, flags.refreshAuto === true);
  }
  const { backend, choice } = session;
  try {
    const network = createNetwork(backend, spec);
    const shape = shapeText(spec);
    output.note(`train: ${description.name} (${thousands(trainRows)} train rows, streamed) on ${choice.backend}/${backend.info.engine}, ${shape}, ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, shuffle buffer ${thousands(bufferSize)}, ${epochs} epoch${epochs === 1 ? '' : 's'}`);
    const rowsOptions = { ...read, split };
    const trainData = shuffled(fileDataset(path, { ...rowsOptions, part: 'train', preprocessor, batchSize }), { bufferSize, seed: flags.seed, batchSize });
    const progress = createRowProgress(epochs, trainRows, description.name);
    let history;
    try {
      history = await withDataErrorsAsync(() =>
        fitDataset(network, trainData, {
          epochs,
          optimizer,
          ...(flags.clipValue !== undefined ? { clipValue: flags.clipValue } : {}),
          ...(flags.clipNorm !== undefined ? { clipNorm: flags.clipNorm } : {}),
          onBatch: (info) => progress.rows(info.epoch, info.rows),
          onEpochEnd: (info) => progress.epochEnd(info.epoch, info.loss, info.samplesPerSecond),
        }),
      );
    } finally {
      progress.stop();
    }
    const test = await withDataErrorsAsync(() => measureStreamed(network, fileDataset(path, { ...rowsOptions, part: 'test', preprocessor, batchSize: 1024, transform: { unknownCategory: 'zeros' } }).batches(1) as AsyncIterable<never>));
    const trainLoss = history.epochs[history.epochs.length - 1]!.loss;
    if (modelPath) {
      await saveModel(network, modelPath, {
        data: path,
        task: head.task,
        epochs,
        seed: flags.seed,
        testAccuracy: test.accuracy,
        testLoss: test.loss,
        training: { optimizer, batchSize, streamed: true, shuffleBuffer: bufferSize, epochsTrained: history.epochs.length },
        preprocessing: preprocessor.toJSON(),
        ...(flags.decimalComma ? { read: { decimalComma: true } } : {}),
      });
    }
    const parameters = network.parameterCount();
    network.dispose();
    const totalSeconds = (performance.now() - started) / 1000;
    const document = {
      command: 'train',
      streamed: true,
      dataset: { name: description.name, file: path, bytes, task: head.task, trainSamples: trainRows, testSamples: test.rows, split: description.splitNote, inputs: preprocessor.inputNames, classes: preprocessor.classes ?? null, notes },
      backend: { name: choice.backend, variant: choice.variant, engine: backend.info.engine, precision: backend.info.precision },
      network: { shape, layers: spec.layers, loss: spec.loss, parameters },
      settings: { optimizer: optimizer.kind, lr: optimizer.lr, epochs, batchSize, seed: flags.seed, shuffleBuffer: bufferSize },
      history,
      train: { loss: trainLoss },
      test,
      preprocessSeconds,
      trainingSeconds: history.seconds,
      totalSeconds,
      samplesPerSecond: history.samplesPerSecond,
      model: modelPath ?? null,
    };
    const human = [
      `dataset   ${description.name}: ${path} (${(bytes / 2 ** 20).toFixed(1)} MiB, streamed)`,
      `          ${description.splitNote}: ${thousands(trainRows)} train / ${thousands(test.rows)} test rows`,
      ...notes.map((n) => `note      ${n}`),
      `backend   ${choice.backend}/${backend.info.engine} (${backend.info.precision})`,
      `network   ${shape} ${spec.layers.map((l) => l.activation).join('/')}, ${spec.loss}, ${thousands(parameters)} parameters`,
      `training  ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, ${epochs} epochs, seed ${flags.seed}, shuffle buffer ${thousands(bufferSize)} rows`,
      '',
      `train     loss ${trainLoss.toPrecision(4)} (last epoch's mean)`,
      `test      loss ${test.loss.toPrecision(4)}${classification ? `, accuracy ${percent(test.accuracy)}` : ''}`,
      '',
      `time      ${preprocessSeconds.toFixed(1)} s preprocessing pass, ${history.seconds.toFixed(1)} s training, ${totalSeconds.toFixed(1)} s in all; ${thousands(history.samplesPerSecond)} rows/s`,
      ...(modelPath ? [`model     ${modelPath}`] : []),
    ].join('\n');
    output.result(document, human);
  } finally {
    closeBackend(backend);
  }
}

/** withDataErrors for a promise: a DataError found while streaming (a bad cell on line N) is exit 3. */
async function withDataErrorsAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    return withDataErrors(() => {
      throw error;
    });
  }
}
