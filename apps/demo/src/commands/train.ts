/** `backprop train`: train a network on a dataset, report train/test metrics, draw the chart, save the model. */
import { resolve } from 'node:path';
import { ACTIVATIONS, createNetwork, LOSSES, type Activation, type Loss } from '@backprop/core';
import { saveModel } from '@backprop/core/node';
import { Command, Option } from 'commander';
import { closeBackend } from '../backends.js';
import { metricsChartPath, metricsChartSpec } from '../charts/metrics-chart.js';
import { writeSvg } from '../charts/render-svg.js';
import { trainingChartSpec } from '../charts/training-chart.js';
import { DATASET_NAMES } from '../datasets/index.js';
import type { OptimizerKind } from '../datasets/dataset.js';
import { ensureParentDirectory } from '../files.js';
import { headOf } from '../datasets/split.js';
import { heldOutOutcome, heldOutText } from '../held-out.js';
import { inspectionText } from '../inspection-text.js';
import { measure, type Metrics } from '../metrics.js';
import { networkSpecFor, OPTIMIZERS, optimizerSpecFor, parseHiddenLayers, shapeText } from '../network-options.js';
import { createOutput, formatColumns, percent, thousands } from '../output.js';
import { createEpochProgress } from '../progress.js';
import { trainNetwork } from '../training.js';
import { dropoutRate, nonNegative, trainingFeaturesFrom, type TrainingFeatureFlags } from '../training-flags.js';
import { chooseFastest, FASTEST_CANDIDATES, quickDecisionText, TFJS_CANDIDATES, type QuickDecision } from '../auto/quick-choice.js';
import { addCheckpointOptions, checkpointRequestFrom, type CheckpointFlags } from '../checkpoint/checkpoint-flags.js';
import { trainWithCheckpoints, type CheckpointedResult } from '../checkpoint/checkpointed-training.js';
import { listenForInterrupt, resumeCommand, SIGNAL_EXIT } from '../checkpoint/interrupt.js';
import { startBackend, startBackendOrAuto, type StartedBackend } from './backend-session.js';
import { addBackendOptions, FASTEST, positiveInt, positiveNumber, trainBackendRequest, type BackendFlags } from './options.js';
import { DEFAULT_DATASET, fraction, loadTrainingData, MISSING_POLICIES, NORMALIZATIONS, TASKS, type TrainDataFlags } from './train-data.js';

interface TrainFlags extends BackendFlags, TrainDataFlags, TrainingFeatureFlags, CheckpointFlags {
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

function featuresText(meta: Record<string, unknown>): string {
  const parts = Object.entries(meta).map(([k, v]) => `${k} ${typeof v === 'number' || typeof v === 'string' ? String(v) : JSON.stringify(v)}`);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

function metricsText(m: Metrics): string[] {
  return [m.loss.toPrecision(4), percent(m.accuracy)];
}

export async function runTrain(flags: TrainFlags): Promise<void> {
  const output = createOutput(flags.json === true);
  const started = performance.now();
  const request = trainBackendRequest(flags, FASTEST_CANDIDATES, TFJS_CANDIDATES);
  // Before reading the data and long before training: a bad output path is exit 3 now, not
  // an error after training has finished.
  const modelPath = flags.out === undefined ? undefined : resolve(flags.out);
  if (modelPath) ensureParentDirectory(modelPath, 'model', 'model.json');
  if (typeof flags.chart === 'string' && flags.chart !== '') ensureParentDirectory(resolve(flags.chart), 'chart', 'training.svg');
  const dataset = loadTrainingData(flags);
  const checkpoint = checkpointRequestFrom(flags, dataset.augment !== undefined);
  // Human output lists the notes with the results; with --json, say them on stderr as well.
  if (output.json) for (const note of dataset.notes ?? []) output.note(`note: ${note}`);
  // Warnings come before training starts, so a user can stop a long run that reads the data wrong.
  for (const warning of dataset.inspection?.warnings ?? []) output.note(`warning: ${warning.message}; fix: ${warning.fix}`);
  const spec = networkSpecFor(dataset, {
    layers: flags.layers === undefined ? undefined : parseHiddenLayers(flags.layers),
    activation: flags.activation,
    loss: flags.loss,
    seed: flags.seed,
    dropout: flags.dropout,
  });
  const optimizer = optimizerSpecFor(dataset, { optimizer: flags.optimizer, lr: flags.lr, seed: flags.seed, weightDecay: flags.weightDecay });
  const epochs = flags.epochs ?? dataset.defaults.epochs;
  const features = trainingFeaturesFrom(flags, epochs, dataset.augment !== undefined);
  // What the model file says about how it was trained (meta.training), and --json's settings.
  const trainingMeta = {
    ...(flags.dropout ? { dropout: flags.dropout } : {}),
    ...(flags.weightDecay !== undefined ? { weightDecay: flags.weightDecay } : {}),
    ...features,
  };
  const batchSize = flags.batchSize ?? dataset.defaults.batchSize;
  const train = flags.limit === undefined ? dataset.train : headOf(dataset.train, flags.limit, dataset.inputSize, dataset.outputSize);
  const chartPath = flags.chart === false ? undefined : resolve(flags.chart || `${dataset.name}-training.svg`);
  if (chartPath) ensureParentDirectory(chartPath, 'chart', `${dataset.name}-training.svg`);
  // The held-out metrics chart goes beside it (charts/metrics-chart.ts: metricsChartPath).
  const metricsPath = chartPath && metricsChartPath(chartPath);
  if (metricsPath) ensureParentDirectory(metricsPath, 'metrics chart', `${dataset.name}-metrics.svg`);

  let quick: QuickDecision | undefined;
  let session: StartedBackend;
  if (typeof request === 'object' && 'candidates' in request) {
    quick = await chooseFastest(request.candidates, spec, batchSize, { refresh: flags.refreshAuto === true });
    output.note(`backend: ${quickDecisionText(quick)}`);
    session = { backend: await startBackend(quick.choice), choice: quick.choice };
  } else {
    session = await startBackendOrAuto(request, spec, batchSize, output, flags.refreshAuto === true);
  }
  const { backend, choice, decision } = session;
  const handlesAtStart = backend.liveHandles();
  try {
    const network = createNetwork(backend, spec);
    const shape = shapeText(spec);
    output.note(`train: ${dataset.name} (${train.rows} train / ${dataset.test.rows} test samples) on ${choice.backend}/${backend.info.engine}, ${shape}, ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, ${epochs} epochs`);
    const progress = createEpochProgress(epochs, dataset.name, dataset.task === 'classification' ? 'test acc' : 'test loss');
    let result;
    const onEpoch = (p: { epoch: number; loss: number; testLoss: number; testAccuracy?: number }): void =>
      progress.update(p.epoch, p.loss, p.testAccuracy === undefined ? p.testLoss.toPrecision(4) : percent(p.testAccuracy));
    // With a checkpoint, Ctrl-C and SIGTERM stop after the current epoch and write it (checkpoint/interrupt.ts).
    const interrupt = checkpoint && listenForInterrupt((text) => process.stderr.write(`\n${text}\n`));
    try {
      const settings = { epochs, batchSize, optimizer, seed: flags.seed, features };
      result = interrupt ? await trainWithCheckpoints(network, dataset, train, settings, onEpoch, checkpoint, interrupt.signal) : await trainNetwork(network, dataset, train, settings, onEpoch);
    } finally {
      progress.stop();
      interrupt?.dispose();
    }
    if ((result as Partial<CheckpointedResult>).interrupted && interrupt?.received) {
      const done = (result as CheckpointedResult).epochsDone;
      output.note(`${interrupt.received}: stopped after epoch ${done} of ${epochs}; checkpoint ${checkpoint!.path}`);
      const resume = resumeCommand(process.argv.slice(2), checkpoint!.path);
      output.note(`to resume: ${resume}`);
      // --json: a script still gets one document on stdout, saying where the run stands.
      if (output.json) output.result({ command: 'train', interrupted: { signal: interrupt.received, epochsDone: done, epochs, checkpoint: checkpoint!.path, resume } }, '');
      process.exitCode = SIGNAL_EXIT[interrupt.received];
      network.dispose();
      return;
    }
    const trainMetrics = await measure(network, train, dataset.task);
    const testMetrics = await measure(network, dataset.test, dataset.task);
    const outcome = await heldOutOutcome(network, dataset);
    const heldOut = outcome.metrics;
    const unitsMetrics = heldOut.kind === 'regression' ? { rmse: heldOut.rmse, mae: heldOut.mae, r2: heldOut.r2 } : { macroF1: heldOut.macroF1 };
    if (modelPath) {
      // A table's preprocessing goes with the model, so that `predict --data` applies the same steps.
      const source = dataset.file !== undefined ? { data: dataset.file } : { dataset: dataset.name };
      const preprocessing = dataset.preprocessor ? { preprocessing: dataset.preprocessor.toJSON(), ...(dataset.read ? { read: dataset.read } : {}) } : {};
      await saveModel(network, modelPath, { ...source, task: dataset.task, epochs, seed: flags.seed, testAccuracy: testMetrics.accuracy, testLoss: testMetrics.loss, test: unitsMetrics, training: { optimizer, batchSize, ...trainingMeta, stoppedEarly: result.stoppedEarly, epochsTrained: result.history.length, ...(result.restoredEpoch !== undefined ? { restoredEpoch: result.restoredEpoch } : {}) }, ...preprocessing });
    }
    const parameters = network.parameterCount();
    network.dispose();
    if (chartPath) {
      const title = `${dataset.name}: ${shape} on ${choice.backend}/${backend.info.engine}`;
      await writeSvg(chartPath, trainingChartSpec(title, result.history));
      if (metricsPath) await writeSvg(metricsPath, metricsChartSpec(dataset.name, outcome));
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
        inspection: dataset.inspection ?? null,
      },
      backend: { name: choice.backend, variant: choice.variant, engine: backend.info.engine, precision: backend.info.precision },
      ...(decision ? { auto: decision } : {}),
      ...(quick ? { fastest: quick } : {}),
      network: { shape, layers: spec.layers, loss: spec.loss, parameters },
      settings: { optimizer: optimizer.kind, lr: optimizer.lr, epochs, batchSize, seed: flags.seed, augmentation: dataset.augment !== undefined, ...trainingMeta },
      stoppedEarly: result.stoppedEarly,
      restoredEpoch: result.restoredEpoch ?? null,
      history: result.history,
      train: trainMetrics,
      test: { ...testMetrics, ...unitsMetrics },
      heldOut,
      trainingSeconds: result.trainingSeconds,
      totalSeconds,
      samplesPerSecond: result.samplesPerSecond,
      trainingPath: result.path,
      leakedHandles: backend.liveHandles() - handlesAtStart,
      chart: chartPath ?? null,
      metricsChart: metricsPath ?? null,
      model: modelPath ?? null,
    };
    const human = [
      `dataset   ${dataset.name}: ${dataset.description}`,
      `          ${dataset.splitNote}${train.rows < dataset.train.rows ? ` (--limit: first ${train.rows} training samples)` : ''}`,
      ...(dataset.inspection ? inspectionText(dataset.inspection) : []),
      ...(dataset.preprocessor ? [`inputs    ${dataset.preprocessor.inputNames.map((n) => (/[\s,"]/.test(n) ? JSON.stringify(n) : n)).join(', ')}`] : []),
      ...(dataset.preprocessor?.classes ? [`classes   ${dataset.preprocessor.classes.join(', ')}`] : []),
      ...(dataset.notes ?? []).map((n) => `note      ${n}`),
      `backend   ${choice.backend}/${backend.info.engine} (${backend.info.precision})${decision ? ' — chosen by auto' : ''}`,
      ...(quick ? [`          ${quickDecisionText(quick)}`] : []),
      `network   ${shape} ${spec.layers.map((l) => l.activation).join('/')}, ${spec.loss}, ${thousands(parameters)} parameters`,
      `training  ${optimizer.kind} lr ${optimizer.lr}, batch ${batchSize}, ${epochs} epochs, seed ${flags.seed}${dataset.augment ? ', inputs shifted ±1 px each epoch' : ''}${featuresText(trainingMeta)}`,
      ...(result.stoppedEarly ? [`          stopped early after ${result.history.length} epochs${result.restoredEpoch !== undefined ? `; weights of epoch ${result.restoredEpoch} restored` : ''}`] : []),
      '',
      formatColumns([['', 'loss', 'accuracy'], ['train', ...metricsText(trainMetrics)], ['test', ...metricsText(testMetrics)]], new Set([1, 2])),
      ...heldOutText(heldOut),
      '',
      `time      ${result.trainingSeconds.toFixed(1)} s training, ${totalSeconds.toFixed(1)} s in all; ${thousands(result.samplesPerSecond)} samples/s`,
      ...(chartPath ? [`chart     ${chartPath}`] : []),
      ...(metricsPath ? [`          ${metricsPath} (held-out metrics)`] : []),
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
    .addOption(
      new Option('--missing <how>', 'with --data: empty cells: error (default), drop the row, or fill with the training rows\' mean, median or mode (saved in the model; predict does the same)').choices(MISSING_POLICIES),
    )
    .option('--decimal-comma', 'with --data: numbers are written with a decimal comma (5,926 in a ; file); saved in the model, so predict reads them the same way')
    .option('--layers <sizes>', "hidden layer sizes, comma-separated, e.g. 256 or 128,64 (default: the dataset's)")
    .addOption(new Option('--activation <name>', 'activation of the hidden layers').choices(ACTIVATIONS))
    .addOption(new Option('--loss <name>', 'loss function').choices(LOSSES))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZERS))
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .option('--epochs <n>', 'epochs', positiveInt)
    .option('--batch-size <n>', 'samples per training step', positiveInt)
    .option('--dropout <rate>', 'dropout rate of every hidden layer during training, in [0, 1) (inverted dropout; off at prediction)', dropoutRate)
    .option('--weight-decay <λ>', "weight decay: AdamW's decoupled decay with --optimizer adamw (default there 0.01), an L2-style decay of the weights with the others", nonNegative)
    .option('--clip-value <v>', 'clip every gradient element to [−v, v] before the update', positiveNumber)
    .option('--clip-norm <n>', "scale the gradients down so their global L2 norm is at most n (Keras's global_clipnorm)", positiveNumber)
    .option('--lr-schedule <spec>', 'learning-rate schedule: step:EVERY:FACTOR, exponential:FACTOR, or cosine[:WARMUP[:MINLR]] over --epochs')
    .option('--early-stopping <patience>', 'stop when the loss (the validation loss with --validation-split) has not improved for this many epochs', positiveInt)
    .option('--restore-best-weights', 'with --early-stopping: keep the weights of the best epoch, not of the last')
    .option('--validation-split <fraction>', "hold out this fraction of the training rows (the last ones, as Keras does) to monitor; the test split is separate and never used", fraction)
    .option('--seed <n>', 'seed of the initial weights and the shuffling (the train/test split is fixed)', positiveInt, 1)
    .option('--limit <n>', 'train on only the first n training samples (quick runs; the test split is unchanged)', positiveInt)
    .option('--out <file>', 'save the trained model here (JSON)')
    .option('--chart <file>', 'write the loss/accuracy chart here (SVG; default <dataset>-training.svg); the held-out metrics chart (confusion matrix, or predicted against actual) goes beside it as <name>-metrics.svg')
    .option('--no-chart', 'do not write the charts')
    .option('--refresh-auto', 'with --backend auto or the default (fastest): measure again instead of using the cached decision')
    .option('--json', 'print one JSON document on stdout (progress stays on stderr)');
  addCheckpointOptions(command);
  addBackendOptions(command, true, FASTEST, 'fastest: the fastest of js, wasm and tfjs here for this network, measured in about a second and cached');
  return command.action((flags: TrainFlags) => runTrain(flags));
}
