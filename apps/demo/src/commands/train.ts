/** `backprop train`: train a network on a dataset, report train/test metrics, draw the chart, save the model. */
import { resolve } from 'node:path';
import { ACTIVATIONS, createNetwork, LOSSES, type Activation, type Loss } from '@backprop/core';
import { saveModel } from '@backprop/core/node';
import { Command, Option } from 'commander';
import { closeBackend } from '../backends.js';
import { writeSvg } from '../charts/render-svg.js';
import { trainingChartSpec } from '../charts/training-chart.js';
import { DATASET_NAMES } from '../datasets/index.js';
import type { OptimizerKind } from '../datasets/dataset.js';
import { ensureParentDirectory } from '../files.js';
import { headOf } from '../datasets/split.js';
import { measure, type Metrics } from '../metrics.js';
import { networkSpecFor, OPTIMIZERS, optimizerSpecFor, parseHiddenLayers, shapeText } from '../network-options.js';
import { createOutput, formatColumns, percent, thousands } from '../output.js';
import { createEpochProgress } from '../progress.js';
import { trainNetwork } from '../training.js';
import { startBackendOrAuto } from './backend-session.js';
import { addBackendOptions, backendChoiceFrom, positiveInt, positiveNumber, type BackendFlags } from './options.js';
import { DEFAULT_DATASET, fraction, loadTrainingData, NORMALIZATIONS, TASKS, type TrainDataFlags } from './train-data.js';

interface TrainFlags extends BackendFlags, TrainDataFlags {
  readonly layers?: string;
  readonly activation?: Activation;
  readonly loss?: Loss;
  readonly optimizer?: OptimizerKind;
  readonly lr?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed: number;
  readonly limit?: number;
  readonly out?: string;
  readonly chart?: string | false;
  readonly refreshAuto?: boolean;
  readonly json?: boolean;
}

function metricsText(m: Metrics): string[] {
  return [m.loss.toPrecision(4), percent(m.accuracy)];
}

export async function runTrain(flags: TrainFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const started = performance.now();
  const request = backendChoiceFrom(flags, true);
  const dataset = loadTrainingData(flags);
  // Human output lists the notes with the results; with --json, say them on stderr as well.
  if (output.json) for (const note of dataset.notes ?? []) output.note(`note: ${note}`);
  const spec = networkSpecFor(dataset, {
    layers: flags.layers === undefined ? undefined : parseHiddenLayers(flags.layers),
    activation: flags.activation,
    loss: flags.loss,
    seed: flags.seed,
  });
  const optimizer = optimizerSpecFor(dataset, { optimizer: flags.optimizer, lr: flags.lr, seed: flags.seed });
  const epochs = flags.epochs ?? dataset.defaults.epochs;
  const batchSize = flags.batchSize ?? dataset.defaults.batchSize;
  const train = flags.limit === undefined ? dataset.train : headOf(dataset.train, flags.limit, dataset.inputSize, dataset.outputSize);
  const chartPath = flags.chart === false ? undefined : resolve(flags.chart || `${dataset.name}-training.svg`);
  const modelPath = flags.out === undefined ? undefined : resolve(flags.out);
  // Before training, not after a minute of it: the output folders must exist or be creatable.
  for (const path of [chartPath, modelPath]) if (path) ensureParentDirectory(path);

  const { backend, choice, decision } = await startBackendOrAuto(request, spec, batchSize, output, flags.refreshAuto === true);
  const handlesAtStart = backend.liveHandles();
  try {
    const network = createNetwork(backend, spec);
    const shape = shapeText(spec);
    output.note(`train: ${dataset.name} (${train.rows} train / ${dataset.test.rows} test samples) on ${choice.backend}/${backend.info.engine}, ${shape}, ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, ${epochs} epochs`);
    const progress = createEpochProgress(epochs, dataset.name, dataset.task === 'classification' ? 'test acc' : 'test loss');
    let result;
    try {
      result = await trainNetwork(network, dataset, train, { epochs, batchSize, optimizer, seed: flags.seed }, (p) =>
        progress.update(p.epoch, p.loss, p.testAccuracy === undefined ? p.testLoss.toPrecision(4) : percent(p.testAccuracy)),
      );
    } finally {
      progress.stop();
    }
    const trainMetrics = await measure(network, train, dataset.task);
    const testMetrics = await measure(network, dataset.test, dataset.task);
    if (modelPath) {
      // A table's preprocessing goes with the model, so that `predict --data` applies the same steps.
      const source = dataset.file !== undefined ? { data: dataset.file } : { dataset: dataset.name };
      const preprocessing = dataset.preprocessor ? { preprocessing: dataset.preprocessor.toJSON() } : {};
      await saveModel(network, modelPath, { ...source, task: dataset.task, epochs, seed: flags.seed, testAccuracy: testMetrics.accuracy, testLoss: testMetrics.loss, ...preprocessing });
    }
    const parameters = network.parameterCount();
    network.dispose();
    if (chartPath) {
      const title = `${dataset.name}: ${shape} on ${choice.backend}/${backend.info.engine}`;
      await writeSvg(chartPath, trainingChartSpec(title, result.history));
    }
    const totalSeconds = (performance.now() - started) / 1000;
    const document = {
      command: 'train',
      dataset: {
        name: dataset.name,
        description: dataset.description,
        task: dataset.task,
        trainSamples: train.rows,
        testSamples: dataset.test.rows,
        split: dataset.splitNote,
        ...(dataset.preprocessor ? { inputs: dataset.preprocessor.inputNames, classes: dataset.preprocessor.classes ?? null } : {}),
        notes: dataset.notes ?? [],
      },
      backend: { name: choice.backend, variant: choice.variant, engine: backend.info.engine, precision: backend.info.precision },
      ...(decision ? { auto: decision } : {}),
      network: { shape, layers: spec.layers, loss: spec.loss, parameters },
      settings: { optimizer: optimizer.kind, lr: optimizer.lr, epochs, batchSize, seed: flags.seed, augmentation: dataset.augment !== undefined },
      history: result.history,
      train: trainMetrics,
      test: testMetrics,
      trainingSeconds: result.trainingSeconds,
      totalSeconds,
      samplesPerSecond: result.samplesPerSecond,
      trainingPath: result.path,
      leakedHandles: backend.liveHandles() - handlesAtStart,
      chart: chartPath ?? null,
      model: modelPath ?? null,
    };
    const human = [
      `dataset   ${dataset.name}: ${dataset.description}`,
      `          ${dataset.splitNote}${train.rows < dataset.train.rows ? ` (--limit: first ${train.rows} training samples)` : ''}`,
      ...(dataset.preprocessor ? [`inputs    ${dataset.preprocessor.inputNames.map((n) => (/[\s,"]/.test(n) ? JSON.stringify(n) : n)).join(', ')}`] : []),
      ...(dataset.preprocessor?.classes ? [`classes   ${dataset.preprocessor.classes.join(', ')}`] : []),
      ...(dataset.notes ?? []).map((n) => `note      ${n}`),
      `backend   ${choice.backend}/${backend.info.engine} (${backend.info.precision})${decision ? ' — chosen by auto' : ''}`,
      `network   ${shape} ${spec.layers.map((l) => l.activation).join('/')}, ${spec.loss}, ${thousands(parameters)} parameters`,
      `training  ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, ${epochs} epochs, seed ${flags.seed}${dataset.augment ? ', inputs shifted ±1 px each epoch' : ''}`,
      '',
      formatColumns([['', 'loss', 'accuracy'], ['train', ...metricsText(trainMetrics)], ['test', ...metricsText(testMetrics)]], new Set([1, 2])),
      '',
      `time      ${result.trainingSeconds.toFixed(1)} s training, ${totalSeconds.toFixed(1)} s in all; ${thousands(result.samplesPerSecond)} samples/s`,
      ...(chartPath ? [`chart     ${chartPath}`] : []),
      ...(modelPath ? [`model     ${modelPath}`] : []),
    ].join('\n');
    output.result(document, human);
  } finally {
    closeBackend(backend);
  }
}

export function trainCommand(): Command {
  const command = new Command('train')
    .description('train a network on a dataset or your own CSV/JSON table; print train/test metrics, write a loss/accuracy chart, optionally save the model')
    .addOption(new Option('--dataset <name>', `built-in dataset (default ${DEFAULT_DATASET})`).choices(DATASET_NAMES))
    .option('--data <file>', 'train on a table instead: .csv/.tsv with a header row, .json (array of objects) or .ndjson')
    .option('--target <column>', 'with --data: the column to predict')
    .addOption(new Option('--task <task>', 'with --data: default inferred from the target column').choices(TASKS))
    .option('--features <columns>', 'with --data: input columns, comma-separated (default: every other column)')
    .option('--categorical <columns>', 'with --data: columns to one-hot encode even though they hold numbers')
    .option('--test-split <fraction>', 'with --data: fraction of rows held out for testing (seeded; stratified for classification; default 0.2)', fraction)
    .addOption(new Option('--normalize <how>', 'with --data: scaling of numeric columns, fitted on the training rows (default standard)').choices(NORMALIZATIONS))
    .option('--layers <sizes>', "hidden layer sizes, comma-separated, e.g. 256 or 128,64 (default: the dataset's)")
    .addOption(new Option('--activation <name>', 'activation of the hidden layers').choices(ACTIVATIONS))
    .addOption(new Option('--loss <name>', 'loss function').choices(LOSSES))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZERS))
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .option('--epochs <n>', 'epochs', positiveInt)
    .option('--batch-size <n>', 'samples per training step', positiveInt)
    .option('--seed <n>', 'seed of the initial weights and the shuffling (the train/test split is fixed)', positiveInt, 1)
    .option('--limit <n>', 'train on only the first n training samples (quick runs; the test split is unchanged)', positiveInt)
    .option('--out <file>', 'save the trained model here (JSON)')
    .option('--chart <file>', 'write the loss/accuracy chart here (SVG; default <dataset>-training.svg)')
    .option('--no-chart', 'do not write a chart')
    .option('--refresh-auto', 'with --backend auto: measure again instead of using the cached decision')
    .option('--json', 'print one JSON document on stdout (progress stays on stderr)');
  addBackendOptions(command, true);
  return command.action((flags: TrainFlags) => runTrain(flags));
}
