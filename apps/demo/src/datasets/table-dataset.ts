/**
 * A Dataset from a table of named columns (a CSV/JSON file given with --data, or iris): a
 * seeded split (stratified by class for a classification), preprocessing fitted on the training
 * rows only (@backprop/data), and network defaults that suit small tabular problems.
 */
import { inferTask, Preprocessor, splitTable, type Normalization, type Table, type Task } from '@backprop/data';
import type { Dataset, TrainingDefaults } from './dataset.js';
import { SPLIT_SEED } from './split.js';

export interface TableDatasetOptions {
  readonly name: string;
  readonly description: string;
  readonly target: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
  /** Omitted: inferred from the target column, and a note says so. */
  readonly task?: Task;
  readonly normalize?: Normalization;
  readonly testFraction?: number;
  readonly defaults?: Partial<TrainingDefaults>;
  readonly file?: string;
  /** What one row is, for the split note: "rows", "flowers". */
  readonly rowNoun?: string;
}

export function tableDataset(table: Table, options: TableDatasetOptions): Dataset {
  const notes: string[] = [];
  let task = options.task;
  if (task === undefined) {
    const inferred = inferTask(table, options.target);
    task = inferred.task;
    notes.push(`task ${task}, inferred: ${inferred.reason} (--task to choose)`);
  }
  const testFraction = options.testFraction ?? 0.2;
  const classification = task === 'classification';
  const { train, test } = splitTable(table, { testFraction, seed: SPLIT_SEED, ...(classification ? { stratifyBy: options.target } : {}) });
  const preprocessor = Preprocessor.fit(train, {
    target: options.target,
    task,
    ...(options.features ? { features: options.features } : {}),
    ...(options.categorical ? { categorical: options.categorical } : {}),
    ...(options.normalize ? { normalize: options.normalize } : {}),
  });
  const trainX = preprocessor.transform(train);
  // A category only the test rows have cannot be learnt: it gets all-zero inputs there, and a note.
  const testX = preprocessor.transform(test, { unknownCategory: 'zeros' });
  if (testX.unknownCategories > 0) notes.push(`${testX.unknownCategories} test cells hold a category no training row has (encoded as all zeros)`);
  if (preprocessor.task === 'regression') {
    const t = preprocessor.toJSON().target as { center: number; scale: number };
    notes.push(`target ${JSON.stringify(options.target)} is learnt as (y − ${t.center.toPrecision(4)}) / ${t.scale.toPrecision(4)}; losses are in those units, predictions in the target's`);
  }
  const noun = options.rowNoun ?? 'rows';
  const percent = Math.round(testFraction * 100);
  return {
    name: options.name,
    description: options.description,
    task,
    inputSize: preprocessor.inputSize,
    outputSize: preprocessor.outputSize,
    train: { x: trainX.data, y: preprocessor.transformTarget(train).data, rows: trainX.rows },
    test: { x: testX.data, y: preprocessor.transformTarget(test).data, rows: testX.rows },
    splitNote: `seeded${classification ? ' stratified' : ''} ${100 - percent}/${percent} split: ${train.rows.length.toLocaleString('en-US')} train / ${test.rows.length.toLocaleString('en-US')} test ${noun}; test ${noun} are never trained on, and preprocessing is fitted on the training ${noun} only`,
    defaults: {
      hidden: [32],
      activation: 'relu',
      outputActivation: classification ? 'softmax' : 'linear',
      loss: classification ? 'softmaxCrossEntropy' : 'mse',
      optimizer: 'adam',
      lr: 0.01,
      epochs: 100,
      batchSize: 16,
      ...options.defaults,
    },
    preprocessor,
    ...(options.file !== undefined ? { file: options.file } : {}),
    notes,
  };
}
